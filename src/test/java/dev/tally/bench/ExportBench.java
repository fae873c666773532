package dev.tally.bench;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import dev.tally.sql.ExportSql;
import dev.tally.sql.ExportStatements;
import dev.tally.sql.Param;
import dev.tally.sql.Sql;
import dev.tally.store.BareChdb;
import dev.tally.store.BarePipe;
import dev.tally.store.ClickHouse;
import dev.tally.store.EmbeddedClickHouse;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/events/export} over real HTTP per format and compression, read by curl in its own
 * process, interleaved with the bare engine writing the same statement {@code INTO OUTFILE '/dev/null'} (same
 * columns, same join, same OS priority and output settings) on a bare chDB connection, with the bare engine
 * writing it into a pipe drained by {@code dd} (the floor of an export read from a pipe), and with the same export
 * read through a heap array as before ADR 0175. Reports rows/s, MB/s, the ratios to bare, CPU seconds per export
 * and per GB moved, CPU seconds per thread group, and the heap and RSS peaks.
 *
 * <pre>java … dev.tally.bench.ExportBench [rows] [rounds]</pre>  (default 2,000,000 rows, 3 rounds;
 * {@code -Dbench.export.cases=csv,tsv} runs only those (a format alone is its uncompressed case,
 * {@code csv/zstd} a compressed one); {@code -Dbench.export.warmup=false} skips the unrecorded first round)
 */
public final class ExportBench {
    static final String SECTION_START = "<!-- export-bench -->";
    static final String SECTION_END = "<!-- /export-bench -->";
    private static final String WORKSPACE = "ws_export_bench";
    private static final String EXPORT = "/api/v1/events/export";
    /** One unrecorded round first ({@code -Dbench.export.warmup=false} skips it, for short runs on a loaded machine). */
    private static final boolean WARM_UP = Boolean.parseBoolean(System.getProperty("bench.export.warmup", "true"));
    /** The same export read through a heap array, as before ADR 0175 (bench-only controller in the test sources). */
    private static final String BEFORE = "/bench/events/export-heap-copy";

    /**
     * The output settings Tally's export connections are opened with (EmbeddedClickHouse's connection arguments),
     * so that the bare engine writes the same bytes (ISO timestamps, validated UTF-8 in NDJSON); the bench checks
     * the sizes agree.
     */
    private static final String EXPORT_CONNECTION_SETTINGS = "date_time_output_format = 'iso', output_format_json_quote_64bit_integers = 0, "
            + "output_format_json_validate_utf8 = 1";

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
        List<Case> cases = selected(System.getProperty("bench.export.cases", ""));
        Path dataDir = Path.of("target", "bench", "export-data");
        BenchMain.deleteRecursively(dataDir);
        List<String> lines = new ArrayList<>();
        List<String> threadLines = new ArrayList<>();
        try (AppUnderBench app = new AppUnderBench(dataDir, Map.of("tally.rate-limit.limit", 100_000_000, "tally.bench.heap-copy-export", true))) {
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
            double loadAtStart = loadAverage();
            lines.add(String.format(Locale.ROOT, "%,d events of one workspace generated with numbers() in %.1f s; %d rounds per row%s, medians; "
                    + "machine load average at start %.1f, at the end %%s; Netty transport: %s.", rows, loadSeconds, rounds,
                    WARM_UP ? " after an unrecorded warm-up round" : " (no warm-up round)", loadAtStart, transport(app)));
            lines.add("");
            lines.add("| format | compression | bytes | bare rows/s | bare → pipe rows/s | HTTP rows/s | HTTP MB/s | HTTP / bare | HTTP / bare → pipe "
                    + "| before (heap copy) rows/s | before / bare | CPU-s bare | CPU-s bare → pipe (dd) | CPU-s HTTP (curl) | CPU-s before "
                    + "| byte path CPU-s per GB: HTTP / before (difference to bare: HTTP / before) | old-generation growth during HTTP |");
            lines.add("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            for (Case c : cases) {
                double[] bareSeconds = new double[rounds];
                double[] pipeSeconds = new double[rounds];
                double[] httpSeconds = new double[rounds];
                double[] beforeSeconds = new double[rounds];
                double[] bareCpu = new double[rounds];
                double[] pipeCpu = new double[rounds];
                double[] httpCpu = new double[rounds];
                double[] beforeCpu = new double[rounds];
                double[] curlCpu = new double[rounds];
                double[] httpPath = new double[rounds];
                double[] beforePath = new double[rounds];
                long bytes = 0;
                long heapPeak = 0;
                String parameters = "interval=all_unfiltered&format=" + c.format() + "&compression=" + c.compression();
                for (int round = WARM_UP ? -1 : 0; round < rounds; round++) {
                    Measured b = measure(() -> {
                        bare.query(bareStatement(statement, c), "TSV");
                        return new Download(-1, 0);
                    });
                    Measured p = measure(() -> bareIntoPipe(bare, statement, c, dataDir));
                    long oldBefore = oldGenerationUsed();
                    resetHeapPeaks();
                    // Alternate which of the two answers goes first, so neither always runs on a machine the other warmed.
                    Measured h = null;
                    Measured f = null;
                    for (int order = 0; order < 2; order++) {
                        if ((order == 0) == (round % 2 == 0)) {
                            h = measure(() -> curl(app.baseUri().resolve(EXPORT + "?" + parameters), key));
                            heapPeak = Math.max(heapPeak, oldGenerationPeak() - oldBefore);
                        } else {
                            f = measure(() -> curl(app.baseUri().resolve(BEFORE + "?" + parameters), key));
                        }
                    }
                    bytes = h.download().bytes();
                    if (f.download().bytes() != bytes || p.download().bytes() != bytes) {
                        System.out.println("note: " + c + " sizes differ: HTTP " + bytes + ", before " + f.download().bytes()
                                + ", bare into a pipe " + p.download().bytes());
                    }
                    System.out.println("round " + round + " " + c.format() + "/" + c.compression() + " threads, bare: " + ThreadCpu.describe(b.threads()));
                    System.out.println("  bare → pipe: " + ThreadCpu.describe(p.threads()) + ", dd " + fmt(p.download().cpuSeconds()));
                    System.out.println("  HTTP: " + ThreadCpu.describe(h.threads()) + ", curl " + fmt(h.download().cpuSeconds()));
                    System.out.println("  before: " + ThreadCpu.describe(f.threads()) + ", curl " + fmt(f.download().cpuSeconds()));
                    if (round >= 0) {
                        bareSeconds[round] = b.seconds();
                        pipeSeconds[round] = p.seconds();
                        httpSeconds[round] = h.seconds();
                        beforeSeconds[round] = f.seconds();
                        bareCpu[round] = b.cpuSeconds();
                        pipeCpu[round] = p.cpuSeconds();
                        httpCpu[round] = h.cpuSeconds();
                        beforeCpu[round] = f.cpuSeconds();
                        curlCpu[round] = h.download().cpuSeconds();
                        httpPath[round] = h.bytePathSeconds();
                        beforePath[round] = f.bytePathSeconds();
                    }
                    if (round == rounds - 1 && bytes > 50_000_000) {
                        threadLines.add(String.format(Locale.ROOT, "- %s/%s, last round: HTTP %s, curl %.2f; before %s, curl %.2f; bare %s",
                                c.format(), c.compression(), ThreadCpu.describe(h.threads()), h.download().cpuSeconds(),
                                ThreadCpu.describe(f.threads()), f.download().cpuSeconds(), ThreadCpu.describe(b.threads())));
                    }
                }
                double httpMedian = median(httpSeconds);
                double bareMedian = median(bareSeconds);
                double pipeMedian = median(pipeSeconds);
                double beforeMedian = median(beforeSeconds);
                double gigabytes = bytes / 1e9;
                String perGigabyte = gigabytes < 0.05 ? "—" : String.format(Locale.ROOT, "%.2f / %.2f (%.2f / %.2f)",
                        median(httpPath) / gigabytes, median(beforePath) / gigabytes,
                        (median(httpCpu) - median(bareCpu)) / gigabytes, (median(beforeCpu) - median(bareCpu)) / gigabytes);
                lines.add(String.format(Locale.ROOT, "| %s | %s | %,d | %,.0f | %,.0f | %,.0f | %.0f | %.2f× | %.2f× | %,.0f | %.2f× | %.1f | %.1f | %.1f (curl %.1f) | %.1f | %s | %.0f MB |",
                        c.format(), c.compression(), bytes, rows / bareMedian, rows / pipeMedian, rows / httpMedian, bytes / 1e6 / httpMedian,
                        bareMedian / httpMedian, pipeMedian / httpMedian, rows / beforeMedian, bareMedian / beforeMedian,
                        median(bareCpu), median(pipeCpu), median(httpCpu), median(curlCpu), median(beforeCpu), perGigabyte, heapPeak / 1e6));
                System.out.println(lines.getLast());
            }
            lines.set(0, String.format(Locale.ROOT, lines.getFirst(), String.format(Locale.ROOT, "%.1f", loadAverage())));
            lines.add("");
            lines.add("CPU seconds per thread group (Tally's process; `ThreadPool` is the engine's, `default-nioEven` Netty's event loop, "
                    + "`io-executor-thr` Micronaut's IO pool, which reads the pipe):");
            lines.add("");
            lines.addAll(threadLines);
            lines.add("");
            lines.add("- " + MemoryPeaks.describe());
        }
        writeSection(Path.of("BENCHMARKS.md"), lines);
        System.out.println("wrote the export section of BENCHMARKS.md");
        System.exit(0);
    }

    /**
     * The cases {@code spec} names, all of them when it is empty: comma-separated {@code format} (its uncompressed
     * case) or {@code format/compression}, e.g. {@code csv,tsv} or {@code csv,csv/zstd}.
     */
    static List<Case> selected(String spec) {
        if (spec.isBlank()) {
            return CASES;
        }
        List<String> wanted = Arrays.stream(spec.split(",")).map(String::strip).map(name -> name.contains("/") ? name : name + "/none").toList();
        List<Case> chosen = CASES.stream().filter(c -> wanted.contains(c.format() + "/" + c.compression())).toList();
        if (chosen.size() != wanted.size()) {
            throw new IllegalArgumentException("bench.export.cases names a case that does not exist: " + spec + "; cases: "
                    + CASES.stream().map(c -> c.format() + "/" + c.compression()).toList());
        }
        return chosen;
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    /** Which Netty transport the server was asked for ({@code -Dmicronaut.server.netty.use-native-transport=true} and the native jar: epoll). */
    private static String transport(AppUnderBench app) {
        return app.context().getProperty("micronaut.server.netty.use-native-transport", Boolean.class).orElse(false) ? "native (epoll)" : "NIO";
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    interface Run {
        Download run() throws Exception;
    }

    /** One run's wall time, CPU time (this process plus the reader's) and where this process's CPU went. */
    record Measured(double seconds, double cpuSeconds, Download download, Map<String, Double> threads) {
        /**
         * CPU seconds of the threads that move an export's bytes: Micronaut's IO pool (reads the pipe), Netty's event
         * loops (write the socket) and the reader (curl). Measured directly, unlike a difference to the bare run,
         * which carries the engine's run-to-run spread.
         */
        double bytePathSeconds() {
            return download.cpuSeconds() + threads.entrySet().stream()
                    .filter(e -> !e.getKey().endsWith("(sys)") && (e.getKey().startsWith("io-executor") || e.getKey().startsWith("default-")))
                    .mapToDouble(Map.Entry::getValue).sum();
        }
    }

    private static Measured measure(Run run) throws Exception {
        ThreadCpu threads = ThreadCpu.now();
        double cpu = processCpuSeconds();
        long t0 = System.nanoTime();
        Download download = run.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double spent = processCpuSeconds() - cpu + download.cpuSeconds();
        return new Measured(seconds, spent, download, ThreadCpu.now().delta(threads));
    }

    /**
     * The bare engine writing the same statement {@code INTO OUTFILE} a pipe made as an export's is, drained by
     * {@code dd} in its own process: what any export read from a pipe costs at the least. The size and dd's CPU.
     */
    private static Download bareIntoPipe(BareChdb bare, Sql statement, Case c, Path dataDir) throws Exception {
        Path path = dataDir.toAbsolutePath().getParent().resolve("bare-" + System.nanoTime() + ".fifo");
        try (BarePipe pipe = BarePipe.create(path)) {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", "dd if=\"$PIPE\" of=/dev/null bs=1M 2>&1 | grep -o '^[0-9]* bytes' && times")
                    .redirectErrorStream(true);
            builder.environment().put("PIPE", path.toString());
            Process dd = builder.start();
            try {
                bare.query(bareStatement(statement, c, path.toString()), "TSV");
            } finally {
                pipe.writerDone();
            }
            List<String> out = new String(dd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            if (dd.waitFor() != 0 || out.size() < 3) {
                throw new IllegalStateException("dd exited " + dd.exitValue() + ": " + out);
            }
            double cpu = Arrays.stream(out.get(2).trim().split("\\s+")).mapToDouble(ExportBench::shellSeconds).sum();
            return new Download(Long.parseLong(out.getFirst().replace(" bytes", "")), cpu);
        }
    }

    static String bareStatement(Sql statement, Case c) {
        return bareStatement(statement, c, "/dev/null");
    }

    /** {@code statement} written by the bare engine {@code INTO OUTFILE path} as Tally's export would write it. */
    static String bareStatement(Sql statement, Case c, String path) {
        String settings = (c.settings().isEmpty() ? "" : c.settings() + ", ") + "os_thread_priority = 10, " + EXPORT_CONNECTION_SETTINGS;
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
                + "(`-o /dev/null`) in its own process, as a user runs it; bare: the same statement `INTO OUTFILE '/dev/null'` on a "
                + "bare chDB connection at the same OS priority and with the export connections' output settings (same bytes); "
                + "bare → pipe: the same into a named pipe made as an export's (1 MiB buffer) drained by `dd bs=1M` in its own "
                + "process, the floor of any export read from a pipe; before: the same export read through a heap array and copied "
                + "into each Netty buffer (ADR 0160's path, bench-only controller), read by curl; HTTP and before alternate which "
                + "goes first. CPU-s: CPU seconds of the Tally process (engine included) plus the reader's (curl, dd), per export "
                + "(less sensitive to other load than wall time; on 2 cores the engine's parallel encoding gets what the "
                + "byte path leaves); byte path CPU-s per GB: CPU seconds of the threads that move the bytes (Micronaut's IO pool, "
                + "which reads the pipe, Netty's event loop, which writes the socket, and curl) per GB of the file, and in brackets "
                + "(CPU-s HTTP − CPU-s bare) per GB, which also holds the engine's own cost of writing into a pipe and its "
                + "run-to-run spread; "
                + "old-generation growth: the G1 old generation's peak during an HTTP run above its use before it (what a retained "
                + "result would fill; short-lived chunk buffers die young). Earlier readers and paths (the JDK client in process, "
                + "Micronaut's `StreamedFile`, the streaming API) are measured in ADRs 0070 and 0160.\n\n"
                + String.join("\n", lines) + "\n" + SECTION_END + "\n";
        Report.replaceSection(file, SECTION_START, SECTION_END, section);
    }
}
