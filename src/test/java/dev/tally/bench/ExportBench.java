package dev.tally.bench;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import dev.tally.sql.ExportSql;
import dev.tally.sql.ExportStatements;
import dev.tally.sql.Param;
import dev.tally.sql.Sql;
import dev.tally.store.BareChdb;
import dev.tally.store.ClickHouse;
import dev.tally.store.EmbeddedClickHouse;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/v1/events/export} over real HTTP per format and compression, read by curl in its own
 * process, interleaved with the bare engine writing the same statement {@code INTO OUTFILE '/dev/null'} (same
 * columns, same join, same OS priority) on a bare chDB connection, with the same export answered as a
 * {@code StreamedFile} as before ADR 0160, and with the JDK's HTTP client reading in this process (the reader
 * of the runs before ADR 0160). Reports rows/s, MB/s, the ratio to bare, and the heap and RSS peaks.
 *
 * <pre>java … dev.tally.bench.ExportBench [rows] [rounds]</pre>  (default 2,000,000 rows, 3 rounds;
 * {@code -Dbench.export.cases=csv/none,parquet/none} runs only those; {@code -Dbench.export.warmup=false} skips the
 * unrecorded first round)
 */
public final class ExportBench {
    static final String SECTION_START = "<!-- export-bench -->";
    static final String SECTION_END = "<!-- /export-bench -->";
    private static final String WORKSPACE = "ws_export_bench";
    private static final String EXPORT = "/api/v1/events/export";
    /** One unrecorded round first ({@code -Dbench.export.warmup=false} skips it, for short runs on a loaded machine). */
    private static final boolean WARM_UP = Boolean.parseBoolean(System.getProperty("bench.export.warmup", "true"));
    /** The same export answered as a StreamedFile, as before ADR 0160 (bench-only controller in the test sources). */
    private static final String BEFORE = "/bench/events/export-streamed-file";

    record Case(String format, String compression, String clickHouseFormat, String settings) {
    }

    static final List<Case> CASES = List.of(
            new Case("csv", "none", "CSVWithNames", ""),
            new Case("tsv", "none", "TabSeparatedWithNames", ""),
            new Case("ndjson", "none", "JSONEachRow", ""),
            new Case("parquet", "none", "Parquet", "output_format_parquet_compression_method = 'zstd', output_format_parquet_write_bloom_filter = 0"),
            new Case("arrow", "none", "ArrowStream", "output_format_arrow_compression_method = 'lz4_frame'"),
            new Case("csv", "zstd", "CSVWithNames", ""),
            new Case("csv", "gzip", "CSVWithNames", ""),
            new Case("ndjson", "zstd", "JSONEachRow", ""));

    private ExportBench() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000L;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dataDir = Path.of("target", "bench", "export-data");
        BenchMain.deleteRecursively(dataDir);
        List<String> lines = new ArrayList<>();
        try (AppUnderBench app = new AppUnderBench(dataDir, Map.of("tally.rate-limit.limit", 100_000_000, "tally.bench.streamed-file-export", true))) {
            ClickHouse clickHouse = app.clickHouse();
            long started = System.nanoTime();
            fill(clickHouse, rows);
            double loadSeconds = (System.nanoTime() - started) / 1e9;
            DataSetLoader.awaitQuietMerges(clickHouse, java.time.Duration.ofMinutes(3));
            String key = app.apiKey(WORKSPACE, dev.tally.auth.Scope.ANALYTICS_READ);
            AnalyticsQuery query = new QueryParser(Clock.systemUTC()).parse(Map.of("interval", List.of("all_unfiltered")),
                    SurfaceRules.EXPORT, WORKSPACE, ZoneId.of("UTC"));
            Sql statement = ExportSql.build(query, Optional.empty());
            BareChdb bare = BareChdb.beside((EmbeddedClickHouse) clickHouse, dataDir);
            bare.query("USE tally", "TSV");
            HttpClient http = HttpClient.newHttpClient();
            lines.add(String.format(Locale.ROOT, "%,d events of one workspace generated with numbers() in %.1f s; %d rounds per row%s, medians; "
                    + "machine load average at start %.1f.", rows, loadSeconds, rounds, WARM_UP ? " after an unrecorded warm-up round" : " (no warm-up round)", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            lines.add("");
            lines.add("| format | compression | HTTP rows/s | HTTP MB/s | bytes | bare INTO OUTFILE rows/s | HTTP / bare "
                    + "| before: StreamedFile rows/s | before / bare | in-process JDK client rows/s | CPU-s bare | CPU-s HTTP | CPU-s before "
                    + "| old-generation growth during HTTP |");
            lines.add("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            String only = System.getProperty("bench.export.cases", "");
            for (Case c : CASES) {
                if (!only.isEmpty() && !List.of(only.split(",")).contains(c.format() + "/" + c.compression())) {
                    continue;
                }
                double[] httpSeconds = new double[rounds];
                double[] bareSeconds = new double[rounds];
                double[] beforeSeconds = new double[rounds];
                double[] inProcessSeconds = new double[rounds];
                double[] bareCpu = new double[rounds];
                double[] httpCpu = new double[rounds];
                double[] beforeCpu = new double[rounds];
                double[] curlCpu = new double[rounds];
                long bytes = 0;
                long heapPeak = 0;
                String parameters = "interval=all_unfiltered&format=" + c.format() + "&compression=" + c.compression();
                for (int round = WARM_UP ? -1 : 0; round < rounds; round++) {
                    long t0 = System.nanoTime();
                    double cpu0 = processCpuSeconds();
                    bare.query(bareStatement(statement, c), "TSV");
                    double b = (System.nanoTime() - t0) / 1e9;
                    double bc = processCpuSeconds() - cpu0;
                    long oldBefore = oldGenerationUsed();
                    resetHeapPeaks();
                    t0 = System.nanoTime();
                    cpu0 = processCpuSeconds();
                    Download http1 = curl(app.baseUri().resolve(EXPORT + "?" + parameters), key);
                    double h = (System.nanoTime() - t0) / 1e9;
                    double hc = processCpuSeconds() - cpu0 + http1.cpuSeconds();
                    bytes = http1.bytes();
                    heapPeak = Math.max(heapPeak, oldGenerationPeak() - oldBefore);
                    t0 = System.nanoTime();
                    cpu0 = processCpuSeconds();
                    Download before = curl(app.baseUri().resolve(BEFORE + "?" + parameters), key);
                    double f = (System.nanoTime() - t0) / 1e9;
                    double fc = processCpuSeconds() - cpu0 + before.cpuSeconds();
                    long beforeBytes = before.bytes();
                    t0 = System.nanoTime();
                    long inProcessBytes = download(http, app.baseUri().resolve(EXPORT + "?" + parameters), key);
                    double j = (System.nanoTime() - t0) / 1e9;
                    if (beforeBytes != bytes || inProcessBytes != bytes) {
                        System.out.println("note: " + c + " sizes differ between paths: " + bytes + ", " + beforeBytes + ", " + inProcessBytes);
                    }
                    if (round >= 0) {
                        bareSeconds[round] = b;
                        httpSeconds[round] = h;
                        beforeSeconds[round] = f;
                        inProcessSeconds[round] = j;
                        bareCpu[round] = bc;
                        httpCpu[round] = hc;
                        beforeCpu[round] = fc;
                        curlCpu[round] = http1.cpuSeconds();
                    }
                }
                double httpMedian = median(httpSeconds);
                double bareMedian = median(bareSeconds);
                double beforeMedian = median(beforeSeconds);
                lines.add(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.0f | %,d | %,.0f | %.2f× | %,.0f | %.2f× | %,.0f | %.1f | %.1f (curl %.1f) | %.1f | %.0f MB |",
                        c.format(), c.compression(), rows / httpMedian, bytes / 1e6 / httpMedian, bytes, rows / bareMedian, bareMedian / httpMedian,
                        rows / beforeMedian, bareMedian / beforeMedian, rows / median(inProcessSeconds),
                        median(bareCpu), median(httpCpu), median(curlCpu), median(beforeCpu), heapPeak / 1e6));
                System.out.println(lines.getLast());
            }
            lines.add("");
            lines.add("- " + MemoryPeaks.describe());
        }
        writeSection(Path.of("BENCHMARKS.md"), lines);
        System.out.println("wrote the export section of BENCHMARKS.md");
        System.exit(0);
    }

    static String bareStatement(Sql statement, Case c) {
        return bareStatement(statement, c, "/dev/null");
    }

    /** {@code statement} written by the bare engine {@code INTO OUTFILE path} as Tally's export would write it. */
    static String bareStatement(Sql statement, Case c, String path) {
        String settings = (c.settings().isEmpty() ? "" : c.settings() + ", ") + "os_thread_priority = 10";
        String text = ExportStatements.intoOutfile(statement, "bare-" + c.format(), path, c.clickHouseFormat(), c.compression(), 1, settings);
        // BareChdb takes literal text: inline the bound values the way ClickHouse reads them (bench only; values are ours).
        for (Map.Entry<String, Param> param : statement.params().entrySet()) {
            String placeholder = "{" + param.getKey() + ":" + param.getValue().type() + "}";
            String literal = param.getValue().type().startsWith("Array") ? param.getValue().text()
                    : "CAST('" + param.getValue().text().replace("'", "\\'") + "' AS " + param.getValue().type() + ")";
            text = text.replace(placeholder, literal);
        }
        return text;
    }

    record Download(long bytes, double cpuSeconds) {
    }

    /**
     * The export read to its end by curl in its own process (what a user runs): the body's size and curl's CPU
     * time (user + system, from the shell's {@code times}). The key goes in through the environment, not argv.
     */
    private static Download curl(URI uri, String key) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "curl -sS -o /dev/null -w '%{http_code} %{size_download}\\n' "
                + "-H \"Authorization: Bearer $TALLY_KEY\" \"$TALLY_URL\" && times").redirectErrorStream(true);
        builder.environment().put("TALLY_KEY", key);
        builder.environment().put("TALLY_URL", uri.toString());
        Process curl = builder.start();
        List<String> out = new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        if (curl.waitFor() != 0 || out.size() < 3 || !out.getFirst().startsWith("200 ")) {
            throw new IllegalStateException("curl " + uri + " exited " + curl.exitValue() + ": " + out);
        }
        // times: the shell's own user/system line, then its children's ("0m1.234s 0m0.567s").
        double cpu = Arrays.stream(out.get(2).trim().split("\\s+")).mapToDouble(ExportBench::shellSeconds).sum();
        return new Download(Long.parseLong(out.getFirst().substring(4).trim()), cpu);
    }

    private static double shellSeconds(String minutesSeconds) {
        int m = minutesSeconds.indexOf('m');
        return Integer.parseInt(minutesSeconds.substring(0, m)) * 60 + Double.parseDouble(minutesSeconds.substring(m + 1, minutesSeconds.length() - 1));
    }

    /** CPU time of this whole process (the embedded engine's threads included). */
    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** The export read to its end by the JDK's HTTP client in this process (the bench's reader before ADR 0160). */
    private static long download(HttpClient http, URI uri, String key) throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("export answered " + response.statusCode() + ": " + new String(response.body().readAllBytes()));
        }
        long bytes = 0;
        byte[] buffer = new byte[1 << 18];
        try (InputStream body = response.body()) {
            int read;
            while ((read = body.read(buffer)) >= 0) {
                bytes += read;
            }
        }
        return bytes;
    }

    static void fill(ClickHouse clickHouse, long rows) {
        clickHouse.execute(new Sql("""
                INSERT INTO events (workspace_id, event_id, event_type, timestamp, link_id, domain, key, url, click_id, trigger,
                                    country, region, city, continent, device, browser, os, bot, referer, referer_url,
                                    utm_source, utm_medium, utm_campaign, ip_hash, customer_id, event_name, amount, currency, sale_type, metadata)
                SELECT {ws:String}, concat('evt_', leftPad(toString(number), 10, '0')),
                       if(number % 20 = 0, if(number % 60 = 0, 'sale', 'lead'), 'click'),
                       toDateTime64('2026-01-01 00:00:00', 3, 'UTC') + toIntervalMillisecond((number * 7777) % 7776000000),
                       concat('lnk_', toString(number % 2000)), 'tly.sh', concat('k', toString(number % 2000)),
                       concat('https://shop.example.com/p/', toString(number % 1013), '?utm_source=news&utm_campaign=spring'),
                       if(number % 20 = 0, concat('evt_', leftPad(toString(number - 1), 10, '0')), ''),
                       ['link', 'qr', 'link'][1 + number % 3], ['US', 'GB', 'DE', 'IN', 'BR'][1 + number % 5],
                       ['US-NY', 'GB-ENG', 'DE-BE', 'IN-MH', 'BR-SP'][1 + number % 5],
                       ['New York', 'London', 'Berlin', 'Mumbai', 'São Paulo'][1 + number % 5], ['NA', 'EU', 'EU', 'AS', 'SA'][1 + number % 5],
                       ['mobile', 'desktop', 'tablet'][1 + number % 3], ['Chrome', 'Safari', 'Firefox'][1 + number % 3],
                       ['Android', 'iOS', 'Windows', 'Mac OS'][1 + number % 4], number % 14 = 0,
                       ['', 't.co', 'google.com', 'news.ycombinator.com'][1 + number % 4],
                       ['', 'https://t.co/abc', 'https://www.google.com/', 'https://news.ycombinator.com/item?id=1'][1 + number % 4],
                       'news', '', 'spring', cityHash64(number) % 9223372036854775807,
                       if(number % 20 = 0, concat('cus_', toString(number % 50000)), ''), if(number % 60 = 0, 'Purchase', if(number % 20 = 0, 'Sign up', '')),
                       if(number % 60 = 0, 1999 + number % 5000, 0), if(number % 60 = 0, 'EUR', ''), if(number % 60 = 0, 'new', ''),
                       if(number % 20 = 0, '{"plan":"pro","seats":3}', '')
                FROM numbers({rows:UInt64})""", Map.of("ws", Param.string(WORKSPACE), "rows", Param.uint64(rows))));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static void resetHeapPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP).forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long oldGenerationUsed() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getName().contains("Old Gen"))
                .mapToLong(pool -> pool.getUsage().getUsed()).sum();
    }

    private static long oldGenerationPeak() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getName().contains("Old Gen"))
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    private static void writeSection(Path file, List<String> lines) throws java.io.IOException {
        String section = SECTION_START + "\n## exports\n\nGenerated by `dev.tally.bench.ExportBench` on " + java.time.Instant.now() + ", embedded chDB, "
                + Runtime.getRuntime().availableProcessors() + " cores. HTTP: `GET /api/v1/events/export` read to the end by curl "
                + "(`-o /dev/null`) in its own process, as a user runs it (runs before ADR 0160 read it with the JDK's HTTP client in "
                + "the bench's own process: that reader is the last column); bare: the same statement `INTO OUTFILE '/dev/null'` on a "
                + "bare chDB connection at the same OS priority; before: the same export answered as a Micronaut `StreamedFile` "
                + "(8 KiB pieces, what Tally did before ADR 0160), read by curl; the four run back to back in every round; "
                + "CPU-s: CPU seconds of the Tally process (engine included) plus curl's, per export (less sensitive to other load "
                + "than wall time; on 2 cores the engine's parallel encoding gets what the byte-moving path leaves); "
                + "old-generation growth: the G1 old generation's peak during an HTTP run above its use before it (what a retained "
                + "result would fill; short-lived chunk buffers die young). The previous streaming API (`chdb_stream_fetch_result`) "
                + "is no longer measured here; its figures are in docs/adr/0070-export-streaming.md.\n\n"
                + String.join("\n", lines) + "\n" + SECTION_END + "\n";
        Report.replaceSection(file, SECTION_START, SECTION_END, section);
    }
}
