package dev.tally.bench;

import dev.tally.runner.QueryRunner;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import dev.tally.sql.Plan;
import dev.tally.sql.Planner;
import dev.tally.sql.Sql;
import dev.tally.store.BareChdb;
import dev.tally.store.ClickHouse;
import dev.tally.store.EmbeddedClickHouse;
import dev.tally.store.InputFormat;
import dev.tally.store.Row;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
import java.util.function.Supplier;

/**
 * The query core's benchmark (not a unit test): loads generated events (10 M clicks with their leads and
 * sales by default; 2 workspaces, 1,000 links, 90 days, as in issue 5) into {@code target/bench-data},
 * measuring insert speed with every rollup view against a twin table without them, then reports rollup
 * sizes against the raw table and the median / p99 latency of the four issue-5 queries through Tally's
 * layers beside the same statement run bare on chDB.
 *
 * <pre>
 *   mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
 *   java --enable-native-access=ALL-UNNAMED -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
 *       dev.tally.bench.QueryBench [clicks]
 * </pre>
 *
 * The "API" figure is everything a request does after routing and authentication: parse the raw
 * parameters, plan, query through the store port, shape Dub's body and serialise it to JSON bytes.
 */
public final class QueryBench {
    private static final long CLICKS_PER_SLICE = 100_000;
    private static final int INSERT_RATIO_SLICES = 20;

    private QueryBench() {
    }

    public static void main(String[] args) throws Exception {
        // "measure" reuses the data set of the previous run (sizes and latencies only).
        boolean reuse = args.length > 0 && args[0].equals("measure");
        long clicks = args.length > 0 && !reuse ? Long.parseLong(args[0]) : 10_000_000L;
        Path dataDir = Path.of("target", "bench-data");
        if (!reuse) {
            BenchMain.deleteRecursively(dataDir);
        }
        Files.createDirectories(dataDir);
        List<String> lines = new ArrayList<>();
        TrafficGenerator generator = new TrafficGenerator(42, 2, 1_000, 90, LocalDate.now(ZoneOffset.UTC));
        // The bench sends thousands of requests a minute with one key: lift the per-key rate limit.
        try (AppUnderBench app = new AppUnderBench(dataDir, Map.of("tally.rate-limit.limit", 100_000_000))) {
            ClickHouse clickHouse = app.clickHouse();
            if (!reuse) {
                load(clickHouse, generator, clicks, lines);
            } else if (Files.exists(Path.of("target", "query-bench.md"))) {
                // The load figures of the run that made the data set.
                Files.readAllLines(Path.of("target", "query-bench.md")).stream()
                        .filter(line -> line.startsWith("- data set") || line.startsWith("- insert speed")).forEach(lines::add);
            }
            sizes(clickHouse, lines);
            BareChdb bare = BareChdb.beside((EmbeddedClickHouse) clickHouse, dataDir);
            bare.query("USE tally", "TSV");
            try {
                latencies(app, bare, generator.workspaces().getFirst(), lines);
                deepPages(app, generator.workspaces().getFirst(), lines);
            } finally {
                bare.close();
            }
        }
        Path out = Path.of("target", "query-bench.md");
        Files.writeString(out, String.join("\n", lines) + "\n");
        writeSection(Path.of("BENCHMARKS.md"), lines, reuse);
        lines.forEach(System.out::println);
        System.out.println("wrote " + out);
        System.exit(0);
    }

    /** Loads slice by slice; the first slices also go into a twin table without views, timing both. */
    private static void load(ClickHouse clickHouse, TrafficGenerator generator, long clicks, List<String> lines) {
        ByteArrayOutputStream links = new ByteArrayOutputStream();
        generator.writeLinkRows(links);
        clickHouse.insert("links", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(links.toByteArray()));
        clickHouse.execute(Sql.of("CREATE TABLE IF NOT EXISTS events_without_views AS events"));
        long withViews = 0;
        long withoutViews = 0;
        long comparedEvents = 0;
        long events = 0;
        long loadStart = System.nanoTime();
        int slice = 0;
        for (long first = 0; first < clicks; first += CLICKS_PER_SLICE, slice++) {
            ByteArrayOutputStream rows = new ByteArrayOutputStream((int) (CLICKS_PER_SLICE * 700));
            long count = generator.writeEventRows(Math.min(CLICKS_PER_SLICE, clicks - first), first, rows);
            byte[] bytes = rows.toByteArray();
            events += count;
            if (slice < INSERT_RATIO_SLICES) {
                // Alternate which table goes first so caches and merges favour neither.
                boolean viewsFirst = slice % 2 == 0;
                if (viewsFirst) {
                    withViews += timed(() -> clickHouse.insert("events", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(bytes)));
                    withoutViews += timed(() -> clickHouse.insert("events_without_views", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(bytes)));
                } else {
                    withoutViews += timed(() -> clickHouse.insert("events_without_views", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(bytes)));
                    withViews += timed(() -> clickHouse.insert("events", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(bytes)));
                }
                comparedEvents += count;
            } else {
                clickHouse.insert("events", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(bytes));
            }
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        clickHouse.execute(Sql.of("DROP TABLE events_without_views"));
        lines.add(String.format(Locale.ROOT, "- data set: %,d events (%,d clicks with their leads and sales; 2 workspaces, 1,000 links, 90 days), loaded in %.1f s",
                events, clicks, loadSeconds));
        lines.add(String.format(Locale.ROOT,
                "- insert speed, JSONEachRow slices of %,d clicks, %,d events each way: without views %,.0f events/s, with every rollup view %,.0f events/s: **%.2f× the speed** (target ≥ 0.5×)",
                CLICKS_PER_SLICE, comparedEvents, comparedEvents / (withoutViews / 1e9), comparedEvents / (withViews / 1e9),
                withoutViews / (double) withViews));
    }

    private static void sizes(ClickHouse clickHouse, List<String> lines) {
        long start = System.nanoTime();
        for (dev.tally.sql.Source source : dev.tally.sql.Source.values()) {
            if (source.isRollup()) {
                clickHouse.execute(Sql.of("OPTIMIZE TABLE " + source.table() + " FINAL"));
            }
        }
        clickHouse.execute(Sql.of("OPTIMIZE TABLE rollup_workspace_daily FINAL"));
        lines.add(String.format(Locale.ROOT, "- rollups merged (OPTIMIZE FINAL, the state background merges converge to) in %.1f s",
                (System.nanoTime() - start) / 1e9));
        Map<String, long[]> sizes = new LinkedHashMap<>();
        for (Row row : clickHouse.query(Sql.of("""
                SELECT table, sum(rows) AS row_count, sum(data_compressed_bytes) AS bytes
                FROM system.parts WHERE active AND database = currentDatabase() AND (table = 'events' OR table LIKE 'rollup_%')
                GROUP BY table ORDER BY row_count DESC""")).rows()) {
            sizes.put(row.string("table"), new long[]{row.longValue("row_count"), row.longValue("bytes")});
        }
        long[] raw = sizes.get("events");
        lines.add("");
        lines.add("| table | rows | compressed MB | rows vs events | bytes vs events |");
        lines.add("|---|---|---|---|---|");
        sizes.forEach((table, size) -> lines.add(String.format(Locale.ROOT, "| `%s` | %,d | %.1f | %s | %s |", table, size[0], size[1] / 1e6,
                table.equals("events") ? "" : String.format(Locale.ROOT, "%.1f× fewer", raw[0] / (double) size[0]),
                table.equals("events") ? "" : String.format(Locale.ROOT, "%.1f× smaller", raw[1] / (double) size[1]))));
        lines.add("");
    }

    private static void latencies(AppUnderBench app, BareChdb bare, String workspaceId, List<String> lines) {
        QueryRunner service = app.context().getBean(QueryRunner.class);
        io.micronaut.json.JsonMapper json = app.context().getBean(io.micronaut.json.JsonMapper.class);
        QueryParser parser = new QueryParser(Clock.systemUTC());
        Map<String, Map<String, List<String>>> queries = new LinkedHashMap<>();
        queries.put("count, 30 days (with uniques)", Map.of("interval", List.of("30d"), "groupBy", List.of("count")));
        queries.put("timeseries, 30 days, America/New_York", Map.of("interval", List.of("30d"), "groupBy", List.of("timeseries"),
                "timezone", List.of("America/New_York")));
        queries.put("countries, 30 days", Map.of("interval", List.of("30d"), "groupBy", List.of("countries")));
        queries.put("raw: count, 30 days, country=US,GB,DE & device=-mobile & browser=Chrome", Map.of("interval", List.of("30d"),
                "groupBy", List.of("count"), "country", List.of("US,GB,DE"), "device", List.of("-mobile"), "browser", List.of("Chrome")));
        String apiKey = app.apiKey(workspaceId, dev.tally.auth.Scope.ANALYTICS_READ);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest health = java.net.http.HttpRequest.newBuilder(app.baseUri().resolve("/health")).build();
        Stats floor = Stats.time(50, 400, () -> {
            try {
                http.send(health, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        lines.add(String.format(Locale.ROOT, "- HTTP floor: `GET /health` (no key, `SELECT 1`) from a client in the same JVM: median %s ms, p99 %s ms",
                floor.median(), floor.p99()));
        lines.add("");
        lines.add("| query | source | HTTP median ms | p99 ms | in-process median ms | p99 ms | bare chDB median ms | p99 ms | HTTP / bare | in-process / bare |");
        lines.add("|---|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Map<String, List<String>>> entry : queries.entrySet()) {
            Supplier<AnalyticsQuery> parse = () -> parser.parse(entry.getValue(), SurfaceRules.NATIVE_ANALYTICS, workspaceId, ZoneId.of("UTC"));
            Plan plan = Planner.plan(parse.get());
            int rounds = plan.source().isRollup() ? 400 : 60;
            Runnable inProcess = () -> {
                var answer = service.aggregate(parse.get());
                try {
                    json.writeValueAsBytes(dev.tally.api.analytics.BenchAccess.body(answer));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            Runnable engineOnly = () -> bare.query(plan.sql());
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(app.baseUri().resolve("/api/v1/analytics?"
                            + queryString(entry.getValue())))
                    .header("Authorization", "Bearer " + apiKey).build();
            Runnable overNetwork = () -> {
                try {
                    var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + new String(response.body()));
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            };
            // Interleaved, one of each per round, so a noisy neighbour slows all three alike.
            Stats[] stats = interleaved(20, rounds, overNetwork, inProcess, engineOnly);
            Stats overHttp = stats[0];
            Stats api = stats[1];
            Stats engine = stats[2];
            lines.add(String.format(Locale.ROOT, "| %s | %s (`%s`) | %s | %s | %s | %s | %s | %s | %.2f× | %.2f× |", entry.getKey(),
                    plan.source().kind(), plan.source().table(), overHttp.median(), overHttp.p99(), api.median(), api.p99(),
                    engine.median(), engine.p99(), overHttp.medianMillis() / engine.medianMillis(), api.medianMillis() / engine.medianMillis()));
        }
    }

    /** Registers the generated workspace (its id comes from the generator) and issues it an analytics key. */

    private static String queryString(Map<String, List<String>> parameters) {
        StringBuilder out = new StringBuilder();
        parameters.forEach((name, values) -> {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(name).append('=').append(java.net.URLEncoder.encode(values.getFirst(), java.nio.charset.StandardCharsets.UTF_8));
        });
        return out.toString();
    }

    /** The events list's cost by page depth: the first page against pages 100 and 1,000 deep (100 events each). */
    private static void deepPages(AppUnderBench app, String workspaceId, List<String> lines) {
        QueryRunner service = app.context().getBean(QueryRunner.class);
        QueryParser parser = new QueryParser(Clock.systemUTC());
        lines.add("");
        lines.add("| events list, 90 days of clicks, 100 per page | median ms | p99 ms |");
        lines.add("|---|---|---|");
        for (String page : List.of("1", "100", "1000")) {
            AnalyticsQuery query = parser.parse(Map.of("interval", List.of("90d"), "page", List.of(page)), SurfaceRules.EVENTS_LIST,
                    workspaceId, ZoneId.of("UTC"));
            Stats stats = Stats.time(3, 20, () -> service.events(query));
            lines.add(String.format(Locale.ROOT, "| page %s (offset %,d) | %s | %s |", page, query.offset(), stats.median(), stats.p99()));
        }
    }

    static final String SECTION_START = "<!-- query-bench -->";
    static final String SECTION_END = "<!-- /query-bench -->";

    /** Replaces this bench's section of BENCHMARKS.md (kept by {@link Report} when scripts/bench rewrites the file). */
    private static void writeSection(Path file, List<String> lines, boolean reuse) throws java.io.IOException {
        String section = SECTION_START + "\n## query core\n\nGenerated by `dev.tally.bench.QueryBench` on " + java.time.Instant.now()
                + (reuse ? " (measured on the previous run's data set)" : "") + ", embedded chDB, "
                + Runtime.getRuntime().availableProcessors() + " cores. \"Tally\" is everything a request does after routing and "
                + "authentication (parse, plan, query through the port, shape Dub's body, serialise JSON); \"bare\" is the same "
                + "statement with the same bound parameters on a bare chDB connection.\n\n"
                + String.join("\n", lines) + "\n" + SECTION_END + "\n";
        Report.replaceSection(file, SECTION_START, SECTION_END, section);
    }

    /** This bench's section of an existing BENCHMARKS.md, or nothing. */
    static String keptSection(Path file) throws java.io.IOException {
        if (!Files.exists(file)) {
            return "";
        }
        String existing = Files.readString(file);
        int start = existing.indexOf(SECTION_START);
        int end = existing.indexOf(SECTION_END);
        return start < 0 || end < start ? "" : "\n" + existing.substring(start, end + SECTION_END.length()) + "\n";
    }

    private static Stats[] interleaved(int warmup, int rounds, Runnable... works) {
        long[][] nanos = new long[works.length][rounds];
        for (int round = -warmup; round < rounds; round++) {
            for (int w = 0; w < works.length; w++) {
                long start = System.nanoTime();
                works[w].run();
                if (round >= 0) {
                    nanos[w][round] = System.nanoTime() - start;
                }
            }
        }
        Stats[] stats = new Stats[works.length];
        for (int w = 0; w < works.length; w++) {
            stats[w] = Stats.ofNanos(nanos[w]);
        }
        return stats;
    }

    private static long timed(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }
}
