package dev.tally.bench;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import dev.tally.sql.Planner;
import dev.tally.sql.Sql;
import dev.tally.store.BareChdb;
import dev.tally.store.ClickHouse;
import dev.tally.store.EmbeddedClickHouse;
import dev.tally.store.InputFormat;
import dev.tally.store.Row;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 15's storage and query-shape benchmark (not a unit test): per-link surfaces on the busiest link, the raw
 * path with three filters, the projection's insert cost and every rollup's size against raw, on a data set of
 * {@code clicks} clicks over {@code workspaces} workspaces (1,000 links, 90 days). Each latency is over HTTP
 * beside the bare engine running the same statements in the same run (interleaved, medians: the machine is shared).
 *
 * <pre>
 *   java ... dev.tally.bench.ShapeBench [clicks] [workspaces]
 * </pre>
 */
public final class ShapeBench {
    private static final long CLICKS_PER_SLICE = 100_000;
    private static final int INSERT_COST_SLICES = 6;
    static final String SECTION_START = "<!-- shape-bench -->";
    static final String SECTION_END = "<!-- /shape-bench -->";

    private ShapeBench() {
    }

    public static void main(String[] args) throws Exception {
        long clicks = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        int workspaceCount = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path dataDir = Path.of("target", "shape-bench-data-" + workspaceCount);
        BenchMain.deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        List<String> lines = new ArrayList<>();
        TrafficGenerator generator = new TrafficGenerator(42, workspaceCount, 1_000, 90, LocalDate.now(ZoneOffset.UTC));
        try (AppUnderBench app = new AppUnderBench(dataDir, Map.of("tally.rate-limit.limit", 100_000_000))) {
            ClickHouse clickHouse = app.clickHouse();
            long events = load(clickHouse, generator, clicks, lines);
            lines.add(String.format(Locale.ROOT, "- data set: %,d events (%,d clicks with their leads and sales), %d workspaces, 1,000 links, 90 days",
                    events, clicks, workspaceCount));
            sizes(clickHouse, lines);
            BareChdb bare = BareChdb.beside((EmbeddedClickHouse) clickHouse, dataDir);
            bare.query("USE tally", "TSV");
            try {
                latencies(app, bare, lines);
            } finally {
                bare.close();
            }
        }
        String title = String.format(Locale.ROOT, "%,d clicks × %d workspaces", clicks, workspaceCount);
        Path out = Path.of("target", "shape-bench-" + workspaceCount + ".md");
        Files.writeString(out, "### " + title + "\n\n" + String.join("\n", lines) + "\n");
        lines.forEach(System.out::println);
        System.out.println("wrote " + out);
        System.exit(0);
    }

    /**
     * Loads slice by slice. The first slices also go into two twin tables without views, one with the per-link
     * projection and one without, timing the three inserts in turn (order rotated) for the projection's cost.
     */
    private static long load(ClickHouse clickHouse, TrafficGenerator generator, long clicks, List<String> lines) {
        ByteArrayOutputStream links = new ByteArrayOutputStream();
        generator.writeLinkRows(links);
        clickHouse.insert("links", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(links.toByteArray()));
        clickHouse.execute(Sql.of("CREATE TABLE events_twin_projection AS events"));
        clickHouse.execute(Sql.of("CREATE TABLE events_twin_plain AS events"));
        boolean projected = clickHouse.query(Sql.of("SELECT count() AS n FROM system.projections WHERE database = currentDatabase()"
                + " AND table = 'events_twin_plain'")).single().longValue("n") > 0;
        if (projected) {
            clickHouse.execute(Sql.of("ALTER TABLE events_twin_plain DROP PROJECTION by_link"));
        }
        long[] nanos = new long[3];
        long compared = 0;
        long events = 0;
        int slice = 0;
        for (long first = 0; first < clicks; first += CLICKS_PER_SLICE, slice++) {
            ByteArrayOutputStream rows = new ByteArrayOutputStream((int) (CLICKS_PER_SLICE * 700));
            long count = generator.writeEventRows(Math.min(CLICKS_PER_SLICE, clicks - first), first, rows);
            byte[] bytes = rows.toByteArray();
            events += count;
            if (slice < INSERT_COST_SLICES) {
                String[] tables = {"events", "events_twin_projection", "events_twin_plain"};
                for (int i = 0; i < 3; i++) {
                    int t = (i + slice) % 3;
                    long start = System.nanoTime();
                    clickHouse.insert(tables[t], InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(bytes));
                    nanos[t] += System.nanoTime() - start;
                }
                compared += count;
            } else {
                clickHouse.insert("events", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(bytes));
            }
        }
        clickHouse.execute(Sql.of("DROP TABLE events_twin_projection"));
        clickHouse.execute(Sql.of("DROP TABLE events_twin_plain"));
        lines.add(String.format(Locale.ROOT, "- insert, JSONEachRow slices of %,d clicks, %,d events each way: events with every rollup view%s %,.0f events/s;"
                        + " views off: with the per-link projection %,.0f events/s, without %,.0f events/s (the projection costs %.0f%% of a bare insert)",
                CLICKS_PER_SLICE, compared, projected ? " and the projection" : "", compared / (nanos[0] / 1e9), compared / (nanos[1] / 1e9),
                compared / (nanos[2] / 1e9), 100.0 * (nanos[1] - nanos[2]) / nanos[2]));
        return events;
    }

    private static void sizes(ClickHouse clickHouse, List<String> lines) {
        for (Row row : clickHouse.query(Sql.of("SELECT name FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree'"
                + " AND (name = 'events' OR name LIKE 'rollup\\_%')")).rows()) {
            clickHouse.execute(Sql.of("OPTIMIZE TABLE " + row.string("name") + " FINAL"));
        }
        List<Row> sizes = clickHouse.query(Sql.of("""
                SELECT table, sum(rows) AS row_count, sum(data_compressed_bytes) AS bytes
                FROM system.parts WHERE active AND database = currentDatabase() AND (table = 'events' OR table LIKE 'rollup\\_%')
                GROUP BY table ORDER BY row_count DESC""")).rows();
        long projectionBytes = clickHouse.query(Sql.of("SELECT sum(data_compressed_bytes) AS bytes FROM system.projection_parts"
                + " WHERE active AND database = currentDatabase() AND table = 'events'")).single().longValue("bytes");
        long rawRows = sizes.stream().filter(r -> r.string("table").equals("events")).findFirst().orElseThrow().longValue("row_count");
        long rawBytes = sizes.stream().filter(r -> r.string("table").equals("events")).findFirst().orElseThrow().longValue("bytes");
        lines.add(String.format(Locale.ROOT, "- per-link projection: %.1f MB compressed beside the table's %.1f MB", projectionBytes / 1e6, rawBytes / 1e6));
        lines.add("");
        lines.add("| table | rows | compressed MB | bytes per row | rows vs events | bytes vs events |");
        lines.add("|---|---|---|---|---|---|");
        for (Row size : sizes) {
            boolean raw = size.string("table").equals("events");
            long rows = size.longValue("row_count");
            long bytes = size.longValue("bytes");
            lines.add(String.format(Locale.ROOT, "| `%s` | %,d | %.2f | %.1f | %s | %s |", size.string("table"), rows, bytes / 1e6,
                    bytes / (double) Math.max(1, rows), raw ? "" : String.format(Locale.ROOT, "%.1f× fewer", rawRows / (double) rows),
                    raw ? "" : String.format(Locale.ROOT, "%.1f× smaller", rawBytes / (double) bytes)));
        }
        lines.add("");
    }

    private static void latencies(AppUnderBench app, BareChdb bare, List<String> lines) {
        ClickHouse clickHouse = app.clickHouse();
        Row busiest = clickHouse.query(Sql.of("""
                SELECT e.workspace_id AS workspace_id, e.link_id AS link_id, any(e.key) AS slug, count() AS clicks
                FROM events AS e WHERE e.event_type = 'click' GROUP BY workspace_id, link_id ORDER BY clicks DESC LIMIT 1""")).single();
        String workspaceId = busiest.string("workspace_id");
        String linkId = busiest.string("link_id");
        String apiKey = app.apiKey(workspaceId, dev.tally.auth.Scope.ANALYTICS_READ);
        lines.add(String.format(Locale.ROOT, "- busiest link `%s` of `%s`: %,d clicks", linkId, workspaceId, busiest.longValue("clicks")));
        lines.add("");
        lines.add("| request | statements | HTTP median ms | p99 ms | bare engine median ms | p99 ms | HTTP / bare | rows in selected granules |");
        lines.add("|---|---|---|---|---|---|---|---|");
        QueryParser parser = new QueryParser(Clock.systemUTC());
        Map<String, List<String>> raw = Map.of("interval", List.of("30d"), "groupBy", List.of("count"), "country", List.of("US,GB,DE"),
                "device", List.of("-mobile"), "browser", List.of("Chrome"));
        AnalyticsQuery rawQuery = parser.parse(raw, SurfaceRules.NATIVE_ANALYTICS, workspaceId, ZoneId.of("UTC"));
        row(lines, app, bare, apiKey, "link report (002), all time", "/api/v1/analytics/" + linkId,
                ShapeStatements.linkReport(workspaceId, linkId, ZoneId.of("UTC")));
        row(lines, app, bare, apiKey, "slug analytics (004), 90 days", "/api/v1/links/" + busiest.string("slug") + "/analytics?period=90d",
                ShapeStatements.slug(workspaceId, linkId, ZoneId.of("UTC")));
        row(lines, app, bare, apiKey, "raw: count, 30 days, country=US,GB,DE & device=-mobile & browser=Chrome",
                "/api/v1/analytics?interval=30d&groupBy=count&country=US%2CGB%2CDE&device=-mobile&browser=Chrome",
                List.of(Planner.plan(rawQuery).sql()));
        row(lines, app, bare, apiKey, "one link, 30 days, countries (`linkId=`)", "/api/v1/analytics?interval=30d&groupBy=countries&linkId=" + linkId,
                List.of(Planner.plan(parser.parse(Map.of("interval", List.of("30d"), "groupBy", List.of("countries"), "linkId", List.of(linkId)),
                        SurfaceRules.NATIVE_ANALYTICS, workspaceId, ZoneId.of("UTC"))).sql()));
    }

    private static void row(List<String> lines, AppUnderBench app, BareChdb bare, String apiKey, String name, String path, List<Sql> statements) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUri() + path)).header("Authorization", "Bearer " + apiKey).build();
        Runnable overHttp = () -> {
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(path + ": HTTP " + response.statusCode() + ": " + new String(response.body()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
        Runnable engine = () -> statements.forEach(bare::query);
        int rounds = 40;
        long[][] nanos = new long[2][rounds];
        for (int round = -5; round < rounds; round++) {
            for (int w = 0; w < 2; w++) {
                long start = System.nanoTime();
                (w == 0 ? overHttp : engine).run();
                if (round >= 0) {
                    nanos[w][round] = System.nanoTime() - start;
                }
            }
        }
        Stats h = Stats.ofNanos(nanos[0]);
        Stats b = Stats.ofNanos(nanos[1]);
        lines.add(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %.2f× | %,d |", name, statements.size(), h.median(), h.p99(),
                b.median(), b.p99(), h.medianMillis() / b.medianMillis(), rowsRead(app.clickHouse(), statements)));
    }

    /** Rows in the granules the engine selects for the statements (EXPLAIN ESTIMATE: after the primary key, projections included). */
    private static long rowsRead(ClickHouse clickHouse, List<Sql> statements) {
        long total = 0;
        for (Sql statement : statements) {
            for (Row row : clickHouse.query(new Sql("EXPLAIN ESTIMATE " + statement.text(), statement.params())).rows()) {
                total += row.longValue("rows");
            }
        }
        return total;
    }
}
