package dev.tally.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.tally.auth.Plan;
import dev.tally.auth.Workspace;
import dev.tally.auth.Workspaces;
import dev.tally.ingest.IngestService;
import dev.tally.links.Link;
import dev.tally.links.LinkChanges;
import dev.tally.links.LinkService;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * One client's batch split in time (issue 16, ADR 0150): the same 50,000-event NDJSON batch as
 * {@link IngestPipelineBench}, handed to {@link IngestService#batch} in this JVM (no HTTP), one at a time.
 * Per batch: wall time and CPU by thread: the insert writers (chDB runs an insert's pipeline on the thread that
 * calls it), the ingest workers and the request thread (read, parse, validate, enrich, encode), other JVM threads,
 * and the engine's own threads (process CPU minus the JVM's threads). With {@code -Dprofile.jfr=<file>} the measured batches (not start-up or warm-up) are recorded by JFR, to
 * split the Java part by method. Args:
 * events per batch, batches.
 */
final class IngestProfileBench {
    private IngestProfileBench() {
    }

    public static void main(String[] args) throws Exception {
        int eventsPerBatch = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path workDir = Path.of("target", "bench").toAbsolutePath();
        BenchMain.deleteRecursively(workDir.resolve("profile-data"));
        Files.createDirectories(workDir);
        try (AppUnderBench app = new AppUnderBench(workDir.resolve("profile-data"), Map.of())) {
            Workspace workspace = app.context().getBean(Workspaces.class)
                    .create("profile bench", null, Plan.ENTERPRISE, ZoneOffset.UTC).workspace();
            List<Link> links = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                links.add(app.context().getBean(LinkService.class).create(workspace, new LinkChanges(
                        "https://shop.example.com/p/" + i + "?utm_source=bench&utm_medium=email&utm_campaign=c" + (i % 5),
                        null, null, null, List.of("tag" + (i % 3)), null, null, null, null, null)));
            }
            byte[] batch = IngestBench.ndjson(links, eventsPerBatch, new Random(7));
            IngestService ingest = app.context().getBean(IngestService.class);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            for (int i = 0; i < 2; i++) {
                ingest.batch(workspace, new ByteArrayInputStream(batch), null); // warm-up
            }
            // Recorded from here only: start-up (Yauaa's rule set, bean creation) and the warm-up are left out.
            jdk.jfr.Recording recording = System.getProperty("profile.jfr") == null ? null
                    : new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            if (recording != null) {
                recording.start();
            }
            String[] names = {"wall", "insert threads CPU (the engine insert runs on them)", "ingest workers + request thread CPU",
                    "other JVM threads CPU (GC, JIT, HTTP)", "engine's own threads CPU (not JVM threads)"};
            double[][] figures = new double[batches][];
            for (int i = 0; i < batches; i++) {
                Map<String, Long> before = cpuByGroup(threads);
                long processBefore = os.getProcessCpuTime();
                long started = System.nanoTime();
                ingest.batch(workspace, new ByteArrayInputStream(batch), null);
                long wall = System.nanoTime() - started;
                long process = os.getProcessCpuTime() - processBefore;
                Map<String, Long> after = cpuByGroup(threads);
                long insert = after.get("insert") - before.get("insert");
                long work = after.get("work") - before.get("work");
                long other = after.get("other") - before.get("other");
                figures[i] = new double[]{wall / 1e6, insert / 1e6, work / 1e6, other / 1e6, (process - insert - work - other) / 1e6};
                System.out.printf(Locale.ROOT, "batch %d: wall %.0f ms, insert threads %.0f ms, workers %.0f ms, other JVM %.0f ms, "
                        + "engine's own %.0f ms CPU%n", i, figures[i][0], figures[i][1], figures[i][2], figures[i][3], figures[i][4]);
            }
            if (recording != null) {
                recording.stop();
                recording.dump(Path.of(System.getProperty("profile.jfr")));
            }
            System.out.printf(Locale.ROOT, "medians of %d batches of %,d events (load average %s):%n", batches, eventsPerBatch,
                    Files.readString(Path.of("/proc/loadavg")).strip());
            for (int column = 0; column < names.length; column++) {
                double[] values = new double[batches];
                for (int i = 0; i < batches; i++) {
                    values[i] = figures[i][column];
                }
                java.util.Arrays.sort(values);
                System.out.printf(Locale.ROOT, "  %-34s %8.0f ms  (%.1f µs per event)%n", names[column], values[batches / 2],
                        values[batches / 2] * 1000 / eventsPerBatch);
            }
        }
        System.exit(0);
    }

    /** CPU of the JVM's threads by group: insert writers, ingest workers and this (request) thread, the rest. */
    private static Map<String, Long> cpuByGroup(ThreadMXBean threads) {
        Map<String, Long> groups = new java.util.HashMap<>(Map.of("insert", 0L, "work", 0L, "other", 0L));
        long self = Thread.currentThread().threadId();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu <= 0) {
                continue;
            }
            String group = info.getThreadName().startsWith("tally-insert-") ? "insert"
                    : info.getThreadName().startsWith("tally-ingest-") || info.getThreadId() == self ? "work" : "other";
            groups.merge(group, cpu, Long::sum);
        }
        return groups;
    }
}
