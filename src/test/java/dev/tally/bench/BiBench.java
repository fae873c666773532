package dev.tally.bench;

import dev.tally.bi.BiViews;
import dev.tally.bi.GuardTiming;
import dev.tally.store.BareChdb;
import dev.tally.store.EmbeddedClickHouse;
import dev.tally.store.StoreConfiguration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The BI endpoint's cost: a simple BI query over HTTP (the ClickHouse interface at {@code /clickhouse},
 * TabSeparated, a {@code bi:read} key) against the same SQL run bare on a chDB connection; and the guard
 * alone (a fresh read-only filtered connection, then classify + EXPLAIN AST + EXPLAIN QUERY TREE) against
 * the connection alone. Section {@code bi} of BENCHMARKS.md.
 */
final class BiBench {
    private static final String SECTION = "bi";

    private BiBench() {
    }

    /**
     * On its own: {@code java … dev.tally.bench.BiBench [clicks] [rounds]} (class path as in {@link AuthBench}),
     * on a freshly generated data set; prints the figures.
     */
    public static void main(String[] args) throws Exception {
        long clicks = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Path dataDir = Path.of("target", "bench", "bi-data");
        BenchMain.deleteRecursively(dataDir);
        TrafficGenerator generator = new TrafficGenerator(42, 20, 500, 90, java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        try (AppUnderBench app = new AppUnderBench(dataDir, java.util.Map.of("tally.bi.requests-per-minute", 100_000_000))) {
            DataSetLoader.load(app.clickHouse(), generator, clicks);
            DataSetLoader.awaitQuietMerges(app.clickHouse(), java.time.Duration.ofMinutes(2));
            run(app, dataDir, generator.workspaces().getFirst(), new Report(), rounds);
        }
        System.exit(0);
    }

    static void run(AppUnderBench app, Path dataDir, String workspaceId, Report report, int rounds) throws Exception {
        String key = app.apiKey(workspaceId, dev.tally.auth.Scope.BI_READ);
        app.context().getBean(BiViews.class).ensure(workspaceId);
        String database = BiViews.databaseOf(workspaceId);
        String tallyDatabase = app.context().getBean(StoreConfiguration.class).database();
        String sql = "SELECT country, count() AS clicks FROM events WHERE event_type = 'click' GROUP BY country ORDER BY clicks DESC LIMIT 10";
        String qualified = sql.replace("FROM events", "FROM " + database + ".events");
        EmbeddedClickHouse engine = (EmbeddedClickHouse) app.clickHouse();
        BareChdb bare = BareChdb.beside(engine, dataDir);
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUri() + "/clickhouse/?default_format=TabSeparated"))
                    .header("X-ClickHouse-Key", key).POST(HttpRequest.BodyPublishers.ofString(sql)).build();
            String viaEndpoint = send(client, request);
            String viaBare = new String(bare.query(qualified, "TabSeparated"), StandardCharsets.UTF_8);
            if (!viaEndpoint.equals(viaBare)) {
                throw new IllegalStateException("the endpoint and the bare engine disagree:\n" + viaEndpoint + "\n" + viaBare);
            }
            long[] endpointNanos = new long[rounds];
            long[] bareNanos = new long[rounds];
            for (int i = -rounds / 5; i < rounds; i++) {
                long start = System.nanoTime();
                send(client, request);
                long middle = System.nanoTime();
                bare.query(qualified, "TabSeparated");
                long end = System.nanoTime();
                if (i >= 0) {
                    endpointNanos[i] = middle - start;
                    bareNanos[i] = end - middle;
                }
            }
            Stats endpoint = Stats.ofNanos(endpointNanos);
            Stats bareStats = Stats.ofNanos(bareNanos);
            report.row(SECTION, "simple BI query (clicks by country, top 10) over the ClickHouse HTTP interface, guard included",
                    endpoint, bareStats.medianMillis(), "the same SQL bare on a chDB connection");

            Stats connectOnly = Stats.time(rounds / 5, rounds, () -> GuardTiming.connectOnly(engine, tallyDatabase, workspaceId));
            Stats guarded = Stats.time(rounds / 5, rounds, () -> GuardTiming.connectAndGuard(engine, tallyDatabase, workspaceId, sql));
            report.row(SECTION, "guard: fresh read-only filtered connection + classify + EXPLAIN AST + EXPLAIN QUERY TREE",
                    guarded, connectOnly.medianMillis(), "the connection alone");
            // Grafana's time series as clickhouse-go sends it: Native framed for protocol revision 54460.
            String series = "SELECT toStartOfInterval(toDateTime(timestamp), INTERVAL 86400 second) AS time, count(*) AS clicks FROM "
                    + database + ".events WHERE event_type = 'click' GROUP BY time ORDER BY time";
            HttpRequest grafana = HttpRequest.newBuilder(URI.create(app.baseUri() + "/clickhouse/?database=" + database
                            + "&default_format=Native&client_protocol_version=54460"))
                    .header("X-ClickHouse-Key", key).POST(HttpRequest.BodyPublishers.ofString(series)).build();
            long[] grafanaNanos = new long[rounds];
            long[] seriesBareNanos = new long[rounds];
            for (int i = -rounds / 5; i < rounds; i++) {
                long start = System.nanoTime();
                send(client, grafana);
                long middle = System.nanoTime();
                bare.query(series, "Native");
                long end = System.nanoTime();
                if (i >= 0) {
                    grafanaNanos[i] = middle - start;
                    seriesBareNanos[i] = end - middle;
                }
            }
            report.row(SECTION, "Grafana time series (clicks per day) as clickhouse-go sends it: Native framed for protocol revision 54460",
                    Stats.ofNanos(grafanaNanos), Stats.ofNanos(seriesBareNanos).medianMillis(), "the same SQL bare on a chDB connection, Native");
            report.note(String.format(Locale.ROOT, "bi: the endpoint adds %.1f ms to the median simple query (%s ms vs %s ms bare);"
                            + " the guard's three steps take %.1f ms of it at the median (p99 %s ms with the connection), the fresh connection %s ms",
                    endpoint.medianMillis() - bareStats.medianMillis(), endpoint.median(), bareStats.median(),
                    guarded.medianMillis() - connectOnly.medianMillis(), guarded.p99(), connectOnly.median()));
        } finally {
            bare.close();
        }
    }

    private static String send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the BI endpoint answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
