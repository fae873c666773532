package dev.tally.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import dev.tally.query.TimeRange;
import dev.tally.sql.ExportSql;
import dev.tally.store.BareChdb;
import dev.tally.store.EmbeddedClickHouse;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bulk export jobs ({@code POST /api/v1/exports}, one file per UTC day) over the export bench's events, beside
 * the bare engine writing the same partitions (the job's own per-file statement, {@code ExportSql#jobFile})
 * {@code INTO OUTFILE} files in one directory, one after the other, in the same run. Reports rows/s, MB/s,
 * partitions, the job's wall time against the bare engine's, and the heap and RSS above what they were before
 * the job, sampled every 100 ms while it runs.
 *
 * <pre>java … dev.tally.bench.ExportJobBench [rows] [rounds]</pre>  (default 2,000,000 rows, 2 rounds)
 */
public final class ExportJobBench {
    static final String SECTION_START = "<!-- export-job-bench -->";
    static final String SECTION_END = "<!-- /export-job-bench -->";
    private static final String WORKSPACE = "ws_export_bench";
    /** The export bench's events span 90 days from 2026-01-01 (ExportBench.fill). */
    private static final LocalDate FIRST_DAY = LocalDate.parse("2026-01-01");
    private static final int DAYS = 90;

    private static final List<ExportBench.Case> CASES = List.of(
            ExportBench.CASES.stream().filter(c -> c.format().equals("parquet")).findFirst().orElseThrow(),
            ExportBench.CASES.stream().filter(c -> c.format().equals("csv") && c.compression().equals("zstd")).findFirst().orElseThrow());

    private ExportJobBench() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000L;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path dataDir = Path.of("target", "bench", "export-job-data");
        Path bareDir = Path.of("target", "bench", "export-job-bare").toAbsolutePath();
        BenchMain.deleteRecursively(dataDir);
        BenchMain.deleteRecursively(bareDir);
        Files.createDirectories(bareDir);
        List<String> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (AppUnderBench app = new AppUnderBench(dataDir, Map.of("tally.rate-limit.limit", 100_000_000))) {
            long started = System.nanoTime();
            ExportBench.fill(app.clickHouse(), rows);
            double loadSeconds = (System.nanoTime() - started) / 1e9;
            DataSetLoader.awaitQuietMerges(app.clickHouse(), java.time.Duration.ofMinutes(3));
            String key = app.apiKey(WORKSPACE, dev.tally.auth.Scope.ANALYTICS_READ);
            BareChdb bare = BareChdb.beside((EmbeddedClickHouse) app.clickHouse(), dataDir);
            bare.query("USE tally", "TSV");
            HttpClient http = HttpClient.newHttpClient();
            String range = "start=" + FIRST_DAY + "&end=" + FIRST_DAY.plusDays(DAYS) + "&timezone=UTC&partition=day";
            lines.add(String.format(Locale.ROOT, "%,d events of one workspace over %d days generated with numbers() in %.1f s; a job of one file per "
                    + "UTC day (`%s`; bots excluded, as a time-range export does); %d round(s) per row, medians; machine load average at start %.1f.", rows, DAYS, loadSeconds, range, rounds,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            lines.add("");
            lines.add("| format | compression | partitions | rows | bytes | job rows/s | job MB/s | job wall s | bare engine wall s (same files) "
                    + "| job / bare (time) | heap in use, peak above idle (garbage included) | RSS peak above idle |");
            lines.add("|---|---|---|---|---|---|---|---|---|---|---|---|");
            for (ExportBench.Case c : CASES) {
                double[] jobSeconds = new double[rounds];
                double[] bareSeconds = new double[rounds];
                long heapPeak = 0;
                long rssPeak = 0;
                JsonNode last = null;
                for (int round = 0; round < rounds; round++) {
                    // The job first: its ingested_until is the snapshot the bare statements then use.
                    long heapIdle = heapUsed();
                    long rssIdle = residentBytes();
                    long t0 = System.nanoTime();
                    JsonNode job = json.readTree(send(http, "POST", app.baseUri().resolve("/api/v1/exports?" + range + "&format=" + c.format()
                            + "&compression=" + c.compression()), key, 202));
                    String id = job.get("id").asText();
                    while (!job.get("status").asText().equals("completed")) {
                        if (job.get("status").asText().equals("failed")) {
                            throw new IllegalStateException("the job failed: " + job);
                        }
                        Thread.sleep(100);
                        heapPeak = Math.max(heapPeak, heapUsed() - heapIdle);
                        rssPeak = Math.max(rssPeak, residentBytes() - rssIdle);
                        job = json.readTree(send(http, "GET", app.baseUri().resolve("/api/v1/exports/" + id), key, 200));
                    }
                    jobSeconds[round] = (System.nanoTime() - t0) / 1e9;
                    last = job;
                    bareSeconds[round] = bareRun(app, bare, bareDir, c, Instant.parse(job.get("ingested_until").asText()));
                    send(http, "DELETE", app.baseUri().resolve("/api/v1/exports/" + id), key, 204);
                }
                JsonNode progress = last.get("progress");
                long jobRows = progress.get("rows").asLong();
                long bytes = progress.get("bytes").asLong();
                double job = median(jobSeconds);
                double bareMedian = median(bareSeconds);
                lines.add(String.format(Locale.ROOT, "| %s | %s | %d | %,d | %,d | %,.0f | %.1f | %.1f | %.1f | %.2f× | %.0f MB | %.0f MB |",
                        c.format(), c.compression(), progress.get("partitions_done").asInt(), jobRows, bytes, jobRows / job, bytes / 1e6 / job,
                        job, bareMedian, job / bareMedian, heapPeak / 1e6, rssPeak / 1e6));
                System.out.println(lines.getLast());
            }
            lines.add("");
            lines.add("- " + MemoryPeaks.describe());
        }
        BenchMain.deleteRecursively(bareDir);
        String section = SECTION_START + "\n## export jobs\n\nGenerated by `dev.tally.bench.ExportJobBench` on " + Instant.now() + ", embedded chDB, "
                + Runtime.getRuntime().availableProcessors() + " cores. Job: `POST /api/v1/exports` polled every 100 ms until `completed` "
                + "(the job also counts each file's rows, hashes it with SHA-256, fsyncs and renames it, and rewrites its manifest); bare: "
                + "the same per-day statements (the job's `ExportSql#jobFile`, same snapshot, same order, same format settings and OS "
                + "priority) written by a bare chDB connection `INTO OUTFILE` files in one directory, one after the other, after each job "
                + "round; heap and RSS: the process's (engine included) sampled every 100 ms during the job, above the values before it.\n\n"
                + String.join("\n", lines) + "\n" + SECTION_END + "\n";
        Report.replaceSection(Path.of("BENCHMARKS.md"), SECTION_START, SECTION_END, section);
        System.out.println("wrote the export-jobs section of BENCHMARKS.md");
        System.exit(0);
    }

    /** The job's partitions written by the bare engine; wall seconds. */
    private static double bareRun(AppUnderBench app, BareChdb bare, Path dir, ExportBench.Case c, Instant ingestedUntil) {
        QueryParser parser = new QueryParser(Clock.systemUTC());
        AnalyticsQuery query = parser.parse(Map.of("start", List.of(FIRST_DAY.toString()), "end", List.of(FIRST_DAY.plusDays(DAYS).toString()),
                "timezone", List.of("UTC")), SurfaceRules.EXPORT, WORKSPACE, ZoneOffset.UTC);
        long t0 = System.nanoTime();
        for (int day = 0; day < DAYS; day++) {
            LocalDate date = FIRST_DAY.plusDays(day);
            TimeRange partition = new TimeRange(date.atStartOfDay(ZoneOffset.UTC).toInstant(), date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            String file = dir.resolve("events-" + date + "." + c.format() + (c.compression().equals("none") ? "" : "." + c.compression())).toString();
            bare.query(ExportBench.bareStatement(ExportSql.jobFile(query.withRange(partition), ingestedUntil, 1, 0), c, file), "TSV");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String send(HttpClient http, String method, URI uri, String key, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static long heapUsed() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1000;
                }
            }
        } catch (java.io.IOException | NumberFormatException ignored) {
            // Reported as 0 above idle.
        }
        return 0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
