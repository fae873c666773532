package dev.tally.bench;

import dev.tally.auth.ApiKeys;
import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.auth.Workspaces;
import dev.tally.links.Link;
import dev.tally.links.LinkChanges;
import dev.tally.links.LinkService;
import dev.tally.store.ClickHouse;
import dev.tally.store.InputFormat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Issue 16's ingest figures from an external client ({@link LoadDriver}, its own JVM): NDJSON batches with
 * enrichment at 1 and 4 clients, {@code /track/view} single events on 32 connections, and a gzip bulk
 * import, each next to a bare {@code INSERT … FORMAT JSONEachRow} of the same enriched rows timed in the
 * same round. Rounds are interleaved and medians reported (the machine is shared). Writes its own section
 * of BENCHMARKS.md. Args: events per batch, rounds.
 */
final class IngestPipelineBench {
    private static final String SECTION_START = "<!-- ingest-pipeline:start -->";
    private static final String SECTION_END = "<!-- ingest-pipeline:end -->";

    private IngestPipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        int eventsPerBatch = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path workDir = Path.of("target", "bench").toAbsolutePath();
        BenchMain.deleteRecursively(workDir.resolve("pipeline-data"));
        Files.createDirectories(workDir);
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        try (AppUnderBench app = new AppUnderBench(workDir.resolve("pipeline-data"), Map.of("tally.rate-limit.limit", 1_000_000_000))) {
            Workspace workspace = app.context().getBean(Workspaces.class)
                    .create("pipeline bench", null, Plan.ENTERPRISE, ZoneOffset.UTC).workspace();
            String key = app.context().getBean(ApiKeys.class).issue(workspace.id(), "bench", Set.of(Scope.EVENTS_WRITE)).secret();
            List<Link> links = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                links.add(app.context().getBean(LinkService.class).create(workspace, new LinkChanges(
                        "https://shop.example.com/p/" + i + "?utm_source=bench&utm_medium=email&utm_campaign=c" + (i % 5),
                        null, null, null, List.of("tag" + (i % 3)), null, null, null, null, null)));
            }
            byte[] batch = IngestBench.ndjson(links, eventsPerBatch, new Random(7));
            Path batchFile = Files.write(workDir.resolve("pipeline-batch.ndjson"), batch);
            Path trackFile = Files.write(workDir.resolve("pipeline-track.ndjson"), trackEvents(3_200));
            int importCopies = 4;
            Path importFile = Files.write(workDir.resolve("pipeline-import.ndjson.gz"), gzip(batch, importCopies));
            ClickHouse clickHouse = app.clickHouse();
            String base = app.baseUri().toString();
            driver("batch", base, key, batchFile.toString(), "1", "1"); // warm-up
            byte[] bareRows = storedRows(clickHouse, workspace.id(), eventsPerBatch);
            clickHouse.insert("events", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(bareRows)); // warm-up
            for (int round = 0; round < rounds; round++) {
                long started = System.nanoTime();
                clickHouse.insert("events", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(bareRows));
                double bare = eventsPerBatch / ((System.nanoTime() - started) / 1e9);
                add(results, "NDJSON batch of " + String.format(Locale.ROOT, "%,d", eventsPerBatch) + " events, enrichment on, 1 client",
                        driver("batch", base, key, batchFile.toString(), "1", "3"), bare);
                add(results, "the same, 4 clients", driver("batch", base, key, batchFile.toString(), "4", "2"), bare);
                add(results, "`/track/view` single events, 32 connections (acknowledged from the journal)",
                        driver("track", base, key, trackFile.toString(), "32", "100"), bare);
                add(results, "bulk import, gzip NDJSON, " + String.format(Locale.ROOT, "%,d", eventsPerBatch * importCopies) + " lines",
                        driver("import", base, key, importFile.toString(), String.valueOf((long) eventsPerBatch * importCopies)), bare);
            }
            write(Path.of("BENCHMARKS.md"), results, rounds, rss());
        }
        System.exit(0);
    }

    /** The rows Tally stored for the warm-up batch, as ClickHouse writes them: the same enriched rows, for the bare insert. */
    static byte[] storedRows(ClickHouse clickHouse, String workspaceId, int rows) {
        dev.tally.sql.Parameters parameters = new dev.tally.sql.Parameters();
        String text = "SELECT * FROM events WHERE workspace_id = " + parameters.bind(dev.tally.sql.Param.string(workspaceId))
                + " LIMIT " + parameters.bind(dev.tally.sql.Param.uint32(rows));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        clickHouse.stream(dev.tally.sql.Sql.of(text, parameters), dev.tally.store.OutputFormat.NDJSON, out);
        return out.toByteArray();
    }

    /** Runs the load driver in its own JVM; returns {events/s, p50 ms, p99 ms}. */
    private static double[] driver(String... args) throws Exception {
        Map<String, Double> values = LoadDriver.inOwnJvm(args);
        System.out.println("driver " + String.join(" ", args[0], args.length > 4 ? args[4] : "") + ": " + values);
        return new double[]{values.get("events") / values.get("seconds"), values.get("p50"), values.get("p99")};
    }

    private static void add(Map<String, List<double[]>> results, String what, double[] measured, double bare) {
        results.computeIfAbsent(what, key -> new ArrayList<>()).add(new double[]{measured[0], measured[1], measured[2], bare});
    }

    private static void write(Path file, Map<String, List<double[]>> results, int rounds, String rss) throws Exception {
        StringBuilder lines = new StringBuilder("| what | events/s (median) | p50 ms | p99 ms | bare insert events/s (same rounds) | ratio |\n"
                + "|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<double[]>> row : results.entrySet()) {
            double rate = median(row.getValue(), 0);
            double bare = median(row.getValue(), 3);
            lines.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1f | %.1f | %,.0f | %.2f× |%n", row.getKey(), rate,
                    median(row.getValue(), 1), median(row.getValue(), 2), bare, rate / bare));
        }
        String section = SECTION_START + "\n## ingest pipeline (issue 16)\n\nGenerated by `dev.tally.bench.IngestPipelineBench` on "
                + java.time.Instant.now() + ", embedded chDB, " + Runtime.getRuntime().availableProcessors() + " cores, medians of "
                + rounds + " interleaved rounds. The client is `dev.tally.bench.LoadDriver` in its own JVM (JDK HTTP client, HTTP/1.1); "
                + "Tally runs in the bench JVM. Bare: `INSERT … FORMAT JSONEachRow` of the same enriched rows on the same engine, "
                + "one statement, timed in the same round. Batch rows count every event of every post; p50/p99 are per request "
                + "(per import for the import row, from POST to `done`). Bench JVM RSS at the end: " + rss + "; load average at the end "
                + Report.loadAverage() + " (1, 5, 15 min; other processes share the cores).\n\n"
                + lines + SECTION_END + "\n";
        Report.replaceSection(file, SECTION_START, SECTION_END, section);
        System.out.print(section);
    }

    private static double median(List<double[]> values, int index) {
        List<double[]> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.comparingDouble(value -> value[index]));
        return sorted.get(sorted.size() / 2)[index];
    }


    private static String rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return line.substring(6).strip();
                }
            }
        } catch (java.io.IOException e) {
            // not Linux
        }
        return "unknown";
    }

    private static byte[] trackEvents(int events) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < events; i++) {
            out.append("{\"page_id\":\"bio_").append(i % 20).append("\",\"ip\":\"81.2.69.").append(i % 250)
                    .append("\",\"user_agent\":\"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) Mobile/15E148\"}\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] lines, int copies) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            for (int i = 0; i < copies; i++) {
                out.write(lines);
            }
        }
        return bytes.toByteArray();
    }
}
