package dev.tally.bench;

import dev.tally.Application;
import dev.tally.support.ChildProcesses;
import dev.tally.support.TallyClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /track/view} on 32 connections with the track journal (ADR 0170) on, on with {@code fsync}, and off
 * (each event answered after its engine insert, as before), in one run: three Tally processes (the real main
 * class, {@code scripts/start}'s JVM options, each on its own data directory) measured in interleaved rounds by
 * {@link LoadDriver} in its own JVM. Besides events/s and per-request p50/p99 it reports the Tally process's
 * CPU seconds per 1,000 events (user + system from {@code /proc/<pid>/stat}: the embedded engine runs in that
 * process, so its inserts, views and merges are counted). {@code -Dbench.jfr=<file>} records the journal-on
 * process with JFR. Args: rounds, events per connection with the journal, events per connection without; a fourth,
 * e.g. {@code 50,100,250}, compares the journal at those flush intervals instead (printed only).
 */
final class TrackJournalBench {
    private static final String SECTION_START = "<!-- track-journal:start -->";
    private static final String SECTION_END = "<!-- track-journal:end -->";
    private static final String ADMIN_TOKEN = "track-journal-bench-admin-0123456789";
    private static final int CONNECTIONS = 32;
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    private TrackJournalBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int perConnectionOn = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int perConnectionOff = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Path workDir = Path.of("target", "bench", "track-journal").toAbsolutePath();
        BenchMain.deleteRecursively(workDir);
        Files.createDirectories(workDir);
        Path events = Files.write(workDir.resolve("track.ndjson"), trackEvents(3_200));
        Map<String, Mode> modes = new LinkedHashMap<>();
        if (args.length > 3) { // the flush interval's choice: journal on at each interval given
            for (String millis : args[3].split(",")) {
                modes.put("journal on, `flush-millis = " + millis + "`",
                        new Mode(List.of("-Dtally.ingest.track-journal.flush-millis=" + millis), perConnectionOn));
            }
        } else {
            modes.put("journal on (acknowledged from the journal, default)", new Mode(List.of(), perConnectionOn));
            modes.put("journal on, `fsync = true` (one force per group commit)",
                    new Mode(List.of("-Dtally.ingest.track-journal.fsync=true"), perConnectionOn));
            modes.put("journal off (each answered after its insert, as before)",
                    new Mode(List.of("-Dtally.ingest.track-journal.enabled=false"), perConnectionOff));
        }
        Map<String, Child> children = new LinkedHashMap<>();
        try {
            int index = 0;
            for (Map.Entry<String, Mode> mode : modes.entrySet()) {
                List<String> options = new ArrayList<>(mode.getValue().options());
                String jfr = System.getProperty("bench.jfr");
                if (index == 0 && jfr != null) {
                    options.add("-XX:StartFlightRecording=filename=" + Path.of(jfr).toAbsolutePath() + ",settings=profile");
                }
                children.put(mode.getKey(), Child.start(workDir.resolve("mode-" + index++), options));
            }
            for (Child child : children.values()) {
                child.awaitHealthy();
                child.prepare();
                // Warm-up: the JIT (it took a third of the CPU of a 100,000-event run when warmed on 640), the first parts.
                child.drive(events, Math.min(200, modes.values().stream().mapToInt(Mode::perConnection).min().orElse(20)));
            }
            Map<String, List<double[]>> results = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, Mode> mode : modes.entrySet()) {
                    double[] measured = children.get(mode.getKey()).drive(events, mode.getValue().perConnection());
                    results.computeIfAbsent(mode.getKey(), key -> new ArrayList<>()).add(measured);
                    System.out.printf(Locale.ROOT, "round %d %s: %.0f events/s p50 %.1f ms p99 %.1f ms, %.3f CPU s per 1,000 events%n",
                            round, mode.getKey(), measured[0], measured[1], measured[2], measured[3]);
                }
            }
            for (Map.Entry<String, Child> child : children.entrySet()) {
                System.out.println("CPU by thread since start, " + child.getKey() + ": " + threadCpu(child.getValue().process().pid()));
            }
            write(Path.of("BENCHMARKS.md"), results, rounds);
        } finally {
            for (Child child : children.values()) {
                child.process().destroy();
                child.process().waitFor();
            }
        }
        System.exit(0);
    }

    private record Mode(List<String> options, int perConnection) {
    }

    private record Child(Process process, Path directory, int port, String[] key) {
        static Child start(Path directory, List<String> options) throws IOException {
            Files.createDirectories(directory);
            int port = ChildProcesses.freePort();
            List<String> command = new ArrayList<>(List.of(ChildProcesses.java(), "--enable-native-access=ALL-UNNAMED",
                    "-Xmx1g", "-XX:G1PeriodicGCInterval=15000"));
            command.addAll(options);
            command.addAll(List.of("-cp", absoluteClassPath(), Application.class.getName()));
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("output.log").toFile()));
            builder.environment().put("TALLY_DATA_DIR", directory.resolve("data").toString());
            builder.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(port));
            builder.environment().put("TALLY_ADMIN_TOKEN", ADMIN_TOKEN);
            builder.environment().put("TALLY_RATE_LIMIT", "1000000000");
            return new Child(builder.start(), directory, port, new String[1]);
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        void awaitHealthy() throws InterruptedException {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Tally exited while starting; see " + directory.resolve("output.log"));
                }
                try {
                    if (http.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("Tally did not become healthy; see " + directory.resolve("output.log"));
        }

        void prepare() {
            try (TallyClient admin = new TallyClient(uri(""), ADMIN_TOKEN)) {
                String workspace = (String) admin.createWorkspace("enterprise", "UTC").get("id");
                key[0] = admin.issueKey(workspace);
            }
        }

        /** One driver run; {events/s, p50 ms, p99 ms, Tally CPU s per 1,000 events}. */
        double[] drive(Path events, int perConnection) throws Exception {
            long cpuBefore = cpuTicks(process.pid());
            Map<String, Double> values = LoadDriver.inOwnJvm("track", uri("").toString(), key[0], events.toString(),
                    String.valueOf(CONNECTIONS), String.valueOf(perConnection));
            long cpu = cpuTicks(process.pid()) - cpuBefore;
            double eventCount = values.get("events");
            return new double[]{eventCount / values.get("seconds"), values.get("p50"), values.get("p99"),
                    cpu / CLOCK_TICKS_PER_SECOND / eventCount * 1_000};
        }
    }

    /** The process's CPU seconds by thread name (digits folded), largest first: where the time went (Java vs the engine). */
    static String threadCpu(long pid) throws IOException {
        Map<String, Long> ticks = new java.util.HashMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("\\d+", "#");
                    ticks.merge(name, cpuTicks(task.resolve("stat")), Long::sum);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(14)
                .map(entry -> String.format(Locale.ROOT, "%s %.1f s", entry.getKey(), entry.getValue() / CLOCK_TICKS_PER_SECOND))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The class path with absolute entries: each Tally runs in its own directory. */
    private static String absoluteClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of {@code /proc/<pid>/stat}). */
    static long cpuTicks(long pid) throws IOException {
        return cpuTicks(Path.of("/proc", String.valueOf(pid), "stat"));
    }

    private static long cpuTicks(Path statFile) throws IOException {
        String stat = Files.readString(statFile);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static void write(Path file, Map<String, List<double[]>> results, int rounds) throws IOException {
        if (!results.keySet().stream().toList().getLast().startsWith("journal off")) {
            return; // a flush-interval comparison: printed, not a BENCHMARKS.md section
        }
        double offCpu = median(results.get(results.keySet().stream().toList().getLast()), 3);
        StringBuilder lines = new StringBuilder("| `/track/view`, 32 connections | events/s (median) | p50 ms | p99 ms | Tally CPU s per 1,000 events | CPU vs journal off |\n"
                + "|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<double[]>> row : results.entrySet()) {
            double cpu = median(row.getValue(), 3);
            lines.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1f | %.1f | %.3f | %.2f× |%n", row.getKey(), median(row.getValue(), 0),
                    median(row.getValue(), 1), median(row.getValue(), 2), cpu, cpu / offCpu));
        }
        String section = SECTION_START + "\n## /track and its journal (issue 16, ADR 0170)\n\nGenerated by `dev.tally.bench.TrackJournalBench` on "
                + java.time.Instant.now() + ", embedded chDB, " + Runtime.getRuntime().availableProcessors() + " cores, medians of "
                + rounds + " interleaved rounds. Three Tally processes (the real main class, `-Xmx1g`, access log on) take turns; "
                + "the client is `dev.tally.bench.LoadDriver` in its own JVM (JDK HTTP client, HTTP/1.1, 32 connections, one event per "
                + "request). CPU is the Tally process's user + system time over the round (the embedded engine's inserts, views and "
                + "merges included; the client's not). Load average at the end " + Report.loadAverage()
                + " (1, 5, 15 min; other processes share the cores).\n\n" + lines + SECTION_END + "\n";
        Report.replaceSection(file, SECTION_START, SECTION_END, section);
        System.out.print(section);
    }

    private static double median(List<double[]> values, int index) {
        List<double[]> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.comparingDouble(value -> value[index]));
        return sorted.get(sorted.size() / 2)[index];
    }


    private static byte[] trackEvents(int events) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < events; i++) {
            out.append("{\"page_id\":\"bio_").append(i % 20).append("\",\"ip\":\"81.2.69.").append(i % 250)
                    .append("\",\"user_agent\":\"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) Mobile/15E148\"}\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
