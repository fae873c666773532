package dev.tally.bench;

import dev.tally.auth.Scope;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import dev.tally.sql.Plan;
import dev.tally.sql.Planner;
import dev.tally.sql.Sql;
import dev.tally.store.BareChdb;
import dev.tally.store.ClickHouse;
import dev.tally.store.EmbeddedClickHouse;
import dev.tally.store.InputFormat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The external load benchmark (issue 15): {@code wrk} in its own process drives the Tally jar
 * ({@code target/tally.jar}, its own JVM) on the query bench's generated data (its own copy) at 1, 8 and 32 keep-alive
 * connections, cache off (each query on its own) and cache on (a dashboard's queries repeated), beside the
 * bare engine running each query's exact statement, measured in the same run just before the jar starts
 * (chDB allows one process per data directory, so the two cannot run at once). RSS of the jar idle and
 * at its peak under load comes from {@code /proc}.
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp … dev.tally.bench.LoadBench [clicks] [seconds per run]
 * </pre>
 */
public final class LoadBench {
    static final String SECTION_START = "<!-- load-bench -->";
    static final String SECTION_END = "<!-- /load-bench -->";
    private static final int[] CONNECTIONS = {1, 8, 32};
    /** As scripts/start runs the jar. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx1g", "-XX:G1PeriodicGCInterval=15000");

    private LoadBench() {
    }

    public static void main(String[] args) throws Exception {
        long clicks = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path jar = Path.of("target", "tally.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the jar first (mvn package): " + jar);
        }
        Path dataDir = Path.of("target", "load-bench-data");
        TrafficGenerator generator = new TrafficGenerator(42, 2, 1_000, 90, LocalDate.now(ZoneOffset.UTC));
        String workspaceId = generator.workspaces().getFirst();
        Map<String, String> queries = queries();
        List<String> lines = new ArrayList<>();
        String apiKey;
        Map<String, Stats> bare = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        try (AppUnderBench app = new AppUnderBench(dataDir, Map.of())) {
            ClickHouse clickHouse = app.clickHouse();
            long events = clickHouse.query(Sql.of("SELECT count() AS n FROM events")).single().longValue("n");
            if (events == 0) {
                events = load(clickHouse, generator, clicks);
            }
            // Merged rollups: the state background merges converge to (as the query bench measures).
            for (var table : clickHouse.query(Sql.of("SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE 'rollup_%'"
                        + " AND engine LIKE '%MergeTree'")).rows()) {
                clickHouse.execute(Sql.of("OPTIMIZE TABLE " + table.string("name") + " FINAL"));
            }
            lines.add(String.format(Locale.ROOT, "- data set: %,d events (generator of the query bench: 2 workspaces, 1,000 links, 90 days); "
                    + "%d s per wrk run, after a 1 s warm-up run", events, seconds));
            apiKey = app.apiKey(workspaceId, Scope.ANALYTICS_READ);
            QueryParser parser = new QueryParser(Clock.systemUTC());
            BareChdb engine = BareChdb.beside((EmbeddedClickHouse) clickHouse, dataDir);
            try {
                engine.query("USE tally", "TSV");
                for (Map.Entry<String, String> query : queries.entrySet()) {
                    Plan plan = Planner.plan(parser.parse(parameters(query.getValue()), SurfaceRules.NATIVE_ANALYTICS, workspaceId, ZoneId.of("UTC")));
                    sources.put(query.getKey(), plan.source().kind() + " (`" + plan.source().table() + "`)");
                    bare.put(query.getKey(), Stats.time(20, plan.source().isRollup() ? 300 : 60, () -> engine.query(plan.sql())));
                }
            } finally {
                engine.close();
            }
        }

        lines.add("");
        lines.add("| query | source | connections | cache | req/s | median ms | p99 ms | errors | bare median ms | p99 ms | API ÷ bare (median, 1 connection) |");
        lines.add("|---|---|---|---|---|---|---|---|---|---|---|");
        List<String> memory = new ArrayList<>();
        for (boolean cache : new boolean[]{false, true}) {
            try (Jar tally = Jar.start(jar, dataDir, cache)) {
                memory.add(String.format(Locale.ROOT, "cache %s: idle %s MB after start-up", cache ? "on" : "off", tally.rssMegabytes()));
                Map<String, String> runs = cache ? Map.of("dashboard: the five rollup queries and the raw one in turn", "dashboard") : queries;
                for (Map.Entry<String, String> run : runs.entrySet()) {
                    for (int connections : CONNECTIONS) {
                        Wrk.run(tally.base(), apiKey, run.getValue(), queries, connections, 1);
                        Wrk.Result result = Wrk.run(tally.base(), apiKey, run.getValue(), queries, connections, seconds);
                        if (result.requests() == 0) {
                            throw new IllegalStateException("no answers from " + run.getKey() + ": " + result.output());
                        }
                        Stats engine = bare.get(run.getKey());
                        lines.add(String.format(Locale.ROOT, "| %s | %s | %d | %s | %,.0f | %s | %s | %d | %s | %s | %s |", run.getKey(),
                                sources.getOrDefault(run.getKey(), "rollup and raw"), connections, cache ? "on" : "off", result.requestsPerSecond(),
                                Stats.format(result.medianMillis()), Stats.format(result.p99Millis()), result.errors(),
                                engine == null ? "" : engine.median(), engine == null ? "" : engine.p99(),
                                engine == null || connections != 1 ? "" : String.format(Locale.ROOT, "%.2f×", result.medianMillis() / engine.medianMillis())));
                        System.out.println(lines.getLast());
                    }
                }
                memory.add(String.format(Locale.ROOT, "cache %s: peak %s MB under the runs, %s MB idle after them", cache ? "on" : "off",
                        tally.peakRssMegabytes(), tally.rssMegabytes()));
            }
        }
        lines.add("");
        lines.add("- RSS of the Tally jar (" + String.join(" ", JVM_OPTIONS) + ", embedded engine): " + String.join("; ", memory));
        writeSection(Path.of("BENCHMARKS.md"), lines);
        lines.forEach(System.out::println);
        System.exit(0);
    }

    /** The issue-15 figures' queries, as `/api/v1/analytics` query strings. */
    static Map<String, String> queries() {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("count, 30 days", "event=clicks&groupBy=count&interval=30d");
        queries.put("timeseries, 30 days, America/New_York", "event=clicks&groupBy=timeseries&interval=30d&timezone=America/New_York");
        queries.put("countries, 30 days", "event=clicks&groupBy=countries&interval=30d");
        queries.put("devices, 30 days", "event=clicks&groupBy=devices&interval=30d");
        queries.put("utm_sources, 30 days", "event=clicks&groupBy=utm_sources&interval=30d");
        queries.put("raw: count, 30 days, country=US,GB,DE & device=-mobile & browser=Chrome",
                "event=clicks&groupBy=count&interval=30d&country=US,GB,DE&device=-mobile&browser=Chrome");
        return queries;
    }

    private static Map<String, List<String>> parameters(String queryString) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : queryString.split("&")) {
            String[] parts = pair.split("=", 2);
            parameters.put(parts[0], List.of(parts[1]));
        }
        return parameters;
    }

    private static long load(ClickHouse clickHouse, TrafficGenerator generator, long clicks) {
        ByteArrayOutputStream links = new ByteArrayOutputStream();
        generator.writeLinkRows(links);
        clickHouse.insert("links", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(links.toByteArray()));
        long events = 0;
        for (long first = 0; first < clicks; first += 100_000) {
            ByteArrayOutputStream rows = new ByteArrayOutputStream();
            events += generator.writeEventRows(Math.min(100_000, clicks - first), first, rows);
            clickHouse.insert("events", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(rows.toByteArray()));
        }
        return events;
    }

    private static void writeSection(Path file, List<String> lines) throws IOException {
        String section = SECTION_START + "\n## load: wrk against the Tally jar\n\nGenerated by `dev.tally.bench.LoadBench` on " + java.time.Instant.now()
                + ", embedded chDB, " + Runtime.getRuntime().availableProcessors() + " cores shared by wrk, the jar and the machine's other "
                + "work. wrk (keep-alive, its own process) sends `GET /api/v1/analytics?…` with one API key; latencies are wrk's "
                + "(`--latency`); errors are non-2xx answers plus socket errors. \"bare\" is the query's exact statement with its bound "
                + "parameters on one bare chDB connection, one at a time, in the same run before the jar started.\n\n"
                + String.join("\n", lines) + "\n" + SECTION_END + "\n";
        Report.replaceSection(file, SECTION_START, SECTION_END, section);
    }

    /** The Tally jar as its own process on the data directory; stopped (SIGTERM, then SIGKILL) on close. */
    private record Jar(Process process, URI base, AtomicLong peakRss, Thread sampler) implements AutoCloseable {
        static Jar start(Path jar, Path dataDir, boolean cache) throws IOException, InterruptedException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED"));
            command.addAll(JVM_OPTIONS);
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("TALLY_DATA_DIR", dataDir.toAbsolutePath().toString());
            builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
            builder.environment().put("TALLY_RATE_LIMIT", "1000000000");
            builder.environment().put("TALLY_CACHE_ENABLED", Boolean.toString(cache));
            builder.redirectErrorStream(true).redirectOutput(Path.of("target", "load-bench-tally.log").toFile());
            Process process = builder.start();
            URI base = URI.create("http://127.0.0.1:" + port);
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                try {
                    if (http.send(HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the Tally jar did not start; see target/load-bench-tally.log");
                }
                Thread.sleep(200);
            }
            AtomicLong peak = new AtomicLong();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (process.isAlive()) {
                    peak.accumulateAndGet(rss(process.pid()), Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return new Jar(process, base, peak, sampler);
        }

        long rssMegabytes() {
            return rss(process.pid()) / 1024;
        }

        long peakRssMegabytes() {
            return peakRss.get() / 1024;
        }

        /** VmRSS in kB. */
        static long rss(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | NumberFormatException gone) {
                return 0;
            }
            return 0;
        }

        @Override
        public void close() throws InterruptedException {
            sampler.interrupt();
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** One wrk run and what it printed. */
    private static final class Wrk {
        private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
        private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
        private static final Pattern TOTAL = Pattern.compile("([0-9]+) requests in");
        private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: ([0-9]+)");
        private static final Pattern SOCKET = Pattern.compile("Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)");

        record Result(double requestsPerSecond, long requests, double medianMillis, double p99Millis, long errors, String output) {
        }

        /** {@code target} is one query string of {@code queries}, or {@code dashboard}: all of them in turn (a Lua script). */
        static Result run(URI base, String apiKey, String target, Map<String, String> queries, int connections, int seconds)
                throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("wrk", "-t", Integer.toString(Math.min(connections, 2)),
                    "-c", Integer.toString(connections), "-d", seconds + "s", "--latency", "--timeout", "10s",
                    "-H", "Authorization: Bearer " + apiKey));
            if (target.equals("dashboard")) {
                Path script = Path.of("target", "load-bench-dashboard.lua");
                Files.writeString(script, "paths = {" + queries.values().stream().map(q -> "\"/api/v1/analytics?" + q + "\"")
                        .collect(Collectors.joining(", ")) + "}\ni = 0\nrequest = function()\n  i = i % #paths + 1\n"
                        + "  return wrk.format(\"GET\", paths[i])\nend\n");
                command.addAll(List.of("-s", script.toString(), base.toString()));
            } else {
                command.add(base.resolve("/api/v1/analytics?" + target).toString());
            }
            Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            wrk.waitFor();
            Map<String, Double> percentiles = new LinkedHashMap<>();
            Matcher matcher = PERCENTILE.matcher(output);
            while (matcher.find()) {
                double value = Double.parseDouble(matcher.group(2));
                percentiles.put(matcher.group(1), switch (matcher.group(3)) {
                    case "us" -> value / 1000;
                    case "s" -> value * 1000;
                    default -> value;
                });
            }
            long errors = 0;
            Matcher non2xx = NON_2XX.matcher(output);
            if (non2xx.find()) {
                errors += Long.parseLong(non2xx.group(1));
            }
            Matcher socket = SOCKET.matcher(output);
            if (socket.find()) {
                for (int group = 1; group <= 4; group++) {
                    errors += Long.parseLong(socket.group(group));
                }
            }
            Matcher rate = RATE.matcher(output);
            Matcher total = TOTAL.matcher(output);
            return new Result(rate.find() ? Double.parseDouble(rate.group(1)) : 0, total.find() ? Long.parseLong(total.group(1)) : 0,
                    percentiles.getOrDefault("50", Double.NaN), percentiles.getOrDefault("99", Double.NaN), errors, output);
        }
    }
}
