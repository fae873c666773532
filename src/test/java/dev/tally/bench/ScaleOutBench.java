package dev.tally.bench;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Dimension;
import dev.tally.query.EventKind;
import dev.tally.query.Filter;
import dev.tally.query.Granularity;
import dev.tally.query.GroupBy;
import dev.tally.query.Metric;
import dev.tally.query.SortOrder;
import dev.tally.query.TimeRange;
import dev.tally.sql.Planner;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import dev.tally.store.TwoShardCluster;
import dev.tally.support.ClickHouseListener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scale-out benchmark (issue 12, not a unit test): the queries behind the seed surfaces, planned by Tally,
 * on the same generated events in three places — the embedded engine in this process, a ClickHouse server over
 * HTTP (the chDB listener in a child process, through {@code ServerClickHouse}), and two shards behind a
 * Distributed table (two listener processes, {@code ServerClickHouse} in cluster mode) — medians side by side,
 * rounds interleaved so machine noise hits all three alike. Also the shard balance of the two sharding keys the
 * ADR weighs (docs/adr/0060-cluster-sharding-key.md). Writes its own section of BENCHMARKS.md.
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -Xmx2g -cp … dev.tally.bench.ScaleOutBench [clicks, default 300000]
 * </pre>
 *
 * All three run on this one machine, so the two shards share its cores: the figures show each layer's cost
 * (HTTP, fan-out and merge), not the speed-up of shards on separate machines.
 */
public final class ScaleOutBench {
    static final String SECTION_START = "<!-- scale-out-bench -->";
    static final String SECTION_END = "<!-- /scale-out-bench -->";
    private static final int WARMUP = 3;

    private ScaleOutBench() {
    }

    public static void main(String[] args) throws Exception {
        long clicks = args.length > 0 ? Long.parseLong(args[0]) : 300_000L;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path workDir = Path.of("target", "bench", "scale-out");
        BenchMain.deleteRecursively(workDir);
        Files.createDirectories(workDir);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        TrafficGenerator generator = new TrafficGenerator(42, 20, 500, 90, today);
        List<String> lines = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (AppUnderBench embedded = new AppUnderBench(workDir.resolve("embedded-data"), Map.of());
             ClickHouseListener listener = ClickHouseListener.start();
             AppUnderBench server = new AppUnderBench(workDir.resolve("unused"), Map.of("tally.clickhouse.url", listener.jdbcUrl("tally")));
             TwoShardCluster shards = TwoShardCluster.start("tally")) {
            Map<String, ClickHouse> engines = new LinkedHashMap<>();
            engines.put("embedded", embedded.clickHouse());
            engines.put("server", server.clickHouse());
            engines.put("two shards", shards.front());
            for (Map.Entry<String, ClickHouse> engine : engines.entrySet()) {
                DataSetLoader.Loaded loaded = DataSetLoader.load(engine.getValue(), generator, clicks);
                double waited = DataSetLoader.awaitQuietMerges(engine.getValue(), Duration.ofMinutes(2));
                notes.add(String.format(Locale.ROOT, "%s: %,d events loaded in %.1f s (%,.0f events/s), then %.0f s of merges",
                        engine.getKey(), loaded.events(), loaded.seconds(), loaded.eventsPerSecond(), waited));
            }
            for (ClickHouse shard : shards.shards()) {
                DataSetLoader.awaitQuietMerges(shard, Duration.ofMinutes(2));
            }
            notes.add(balance(embedded.clickHouse(), shards, generator));
            notes.add(pruning(shards, generator, today, rounds));

            lines.add("| query behind | embedded ms (p99) | server ms (p99) | two shards ms (p99) | server / embedded | two shards / embedded |");
            lines.add("|---|---|---|---|---|---|");
            for (Map.Entry<String, Sql> query : queries(generator, today).entrySet()) {
                Stats[] stats = interleaved(rounds, engines.values().stream().map(engine -> (Runnable) () -> engine.query(query.getValue())).toList());
                lines.add(String.format(Locale.ROOT, "| %s | %s (%s) | %s (%s) | %s (%s) | %.2f× | %.2f× |", query.getKey(),
                        stats[0].median(), stats[0].p99(), stats[1].median(), stats[1].p99(), stats[2].median(), stats[2].p99(),
                        stats[1].medianMillis() / stats[0].medianMillis(), stats[2].medianMillis() / stats[0].medianMillis()));
                System.out.println(lines.getLast());
            }
        }
        notes.add(String.format(Locale.ROOT, "system load average at the end of the run: %.1f on %d cores (other builds share this machine;"
                + " read the medians as rough)", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors()));
        writeSection(Path.of("BENCHMARKS.md"), clicks, rounds, lines, notes);
        System.out.println("wrote the scale-out section of BENCHMARKS.md");
        System.exit(0);
    }

    /** The seed surfaces' queries on the busiest workspace and its busiest link, as Tally plans them. */
    private static Map<String, Sql> queries(TrafficGenerator generator, LocalDate today) {
        String workspace = generator.workspaces().getFirst();
        String link = generator.links().stream().filter(l -> l.workspaceId().equals(workspace)).findFirst().orElseThrow().id();
        Instant end = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        TimeRange last30 = new TimeRange(end.minus(30, ChronoUnit.DAYS), end);
        TimeRange last7 = new TimeRange(end.minus(7, ChronoUnit.DAYS), end);
        TimeRange all = new TimeRange(end.minus(90, ChronoUnit.DAYS), end);
        ZoneId utc = ZoneId.of("UTC");
        AnalyticsQuery clicks30 = AnalyticsQuery.of(workspace, EventKind.CLICKS, last30, utc, Granularity.DAY).withPage(100, 0, SortOrder.DESC);
        AnalyticsQuery linkAll = AnalyticsQuery.of(workspace, EventKind.CLICKS, all, utc, Granularity.DAY).withPage(10, 0, SortOrder.DESC)
                .withFilter(Filter.including(Dimension.LINK_ID, link));
        Map<String, Sql> queries = new LinkedHashMap<>();
        queries.put("000 clicks, groupBy=day, 30 days", Planner.plan(clicks30.withGroupBy(GroupBy.TIMESERIES)).sql());
        queries.put("000 clicks, groupBy=country, 30 days", Planner.plan(clicks30.withGroupBy(GroupBy.COUNTRIES)).sql());
        queries.put("000 clicks, groupBy=referrer, 30 days", Planner.plan(clicks30.withGroupBy(GroupBy.REFERERS)).sql());
        queries.put("001 count with unique visitors, 30 days", Planner.plan(AnalyticsQuery.of(workspace, EventKind.COMPOSITE, last30, utc,
                Granularity.DAY).withMetrics(Set.of(Metric.CLICKS, Metric.LEADS, Metric.SALES, Metric.SALE_AMOUNT, Metric.UNIQUE_VISITORS))).sql());
        queries.put("001 top_links, 30 days", Planner.plan(clicks30.withGroupBy(GroupBy.TOP_LINKS)).sql());
        queries.put("001 countries with a tag filter (links subquery), 30 days", Planner.plan(clicks30.withGroupBy(GroupBy.COUNTRIES)
                .withFilter(Filter.excluding(Dimension.TAG_ID, "tag_1"))).sql());
        queries.put("002 link report: one link's countries, 90 days", Planner.plan(linkAll.withGroupBy(GroupBy.COUNTRIES)).sql());
        queries.put("002 link report: one link's days, 90 days", Planner.plan(linkAll.withGroupBy(GroupBy.TIMESERIES)).sql());
        queries.put("003 click log: first page of 1,000, one day", Planner.planClickLog(AnalyticsQuery.of(workspace, EventKind.CLICKS,
                new TimeRange(end.minus(2, ChronoUnit.DAYS), end.minus(1, ChronoUnit.DAYS)), utc, Granularity.DAY)
                .withPage(1000, 0, SortOrder.ASC), Optional.empty()).sql());
        queries.put("004 slug analytics: one link's days, 7 days", Planner.plan(AnalyticsQuery.of(workspace, EventKind.CLICKS, last7, utc,
                Granularity.DAY).withFilter(Filter.including(Dimension.LINK_ID, link)).withGroupBy(GroupBy.TIMESERIES)).sql());
        queries.put("events list: newest 100 (links join)", Planner.planEvents(AnalyticsQuery.of(workspace, EventKind.COMPOSITE, last30, utc,
                Granularity.DAY).withPage(100, 0, SortOrder.DESC)).sql());
        return queries;
    }

    /**
     * What the workspace key buys at query time: the same one-workspace query sent to its shard only (the default,
     * optimize_skip_unused_shards) and to every shard (as any key not containing the workspace would force).
     */
    private static String pruning(TwoShardCluster shards, TrafficGenerator generator, LocalDate today, int rounds) {
        Sql query = queries(generator, today).get("001 count with unique visitors, 30 days");
        Sql fanOut = new Sql(query.text() + "\nSETTINGS optimize_skip_unused_shards = 0", query.params());
        Stats[] stats = interleaved(rounds, List.of(() -> shards.front().query(query), () -> shards.front().query(fanOut)));
        return String.format(Locale.ROOT, "one-workspace count with unique visitors on two shards: %s ms median pruned to its shard,"
                + " %s ms sent to both (%.2f×)", stats[0].median(), stats[1].median(), stats[1].medianMillis() / stats[0].medianMillis());
    }

    /** Rows per shard under the workspace key (measured on the two shards) and under an event_id key (counted on the same events). */
    private static String balance(ClickHouse embedded, TwoShardCluster shards, TrafficGenerator generator) {
        long[] perShard = new long[2];
        for (int i = 0; i < 2; i++) {
            perShard[i] = shards.shards().get(i).query(Sql.of("SELECT count() AS n FROM events_local")).single().longValue("n");
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "shard balance, cityHash64(workspace_id), 2 shards (measured): %,d / %,d rows (largest shard %.0f%% of rows)",
                perShard[0], perShard[1], 100.0 * Math.max(perShard[0], perShard[1]) / (perShard[0] + perShard[1])));
        for (int n : new int[] {2, 4, 8}) {
            text.append(String.format(Locale.ROOT, "; %d shards: workspace key largest %s, event_id key largest %s", n,
                    largestShare(embedded, "workspace_id", n), largestShare(embedded, "event_id", n)));
        }
        Row biggest = embedded.query(Sql.of("SELECT max(n) / sum(n) AS share, count() AS workspaces FROM"
                + " (SELECT workspace_id, count() AS n FROM events GROUP BY workspace_id)")).single();
        text.append(String.format(Locale.ROOT, " (the even share would be 1/n; the busiest of the %d Zipf-sized workspaces holds %.0f%% of all events)",
                biggest.longValue("workspaces"), 100 * biggest.doubleValue("share")));
        return text.toString();
    }

    private static String largestShare(ClickHouse engine, String column, int shards) {
        Row row = engine.query(Sql.of("SELECT max(n) / sum(n) AS share FROM (SELECT cityHash64(" + column + ") % " + shards
                + " AS shard, count() AS n FROM events GROUP BY shard)")).single();
        return String.format(Locale.ROOT, "%.0f%%", 100 * row.doubleValue("share"));
    }

    private static Stats[] interleaved(int rounds, List<Runnable> works) {
        long[][] nanos = new long[works.size()][rounds];
        for (int round = -WARMUP; round < rounds; round++) {
            for (int w = 0; w < works.size(); w++) {
                long start = System.nanoTime();
                works.get(w).run();
                if (round >= 0) {
                    nanos[w][round] = System.nanoTime() - start;
                }
            }
        }
        Stats[] stats = new Stats[works.size()];
        for (int w = 0; w < works.size(); w++) {
            stats[w] = Stats.ofNanos(nanos[w]);
        }
        return stats;
    }

    /** Replaces this bench's section of BENCHMARKS.md, keeping everything around it. */
    private static void writeSection(Path file, long clicks, int rounds, List<String> lines, List<String> notes) throws java.io.IOException {
        String section = SECTION_START + "\n## scale-out: embedded vs server vs two shards\n\nGenerated by `dev.tally.bench.ScaleOutBench` on "
                + Instant.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + String.format(Locale.ROOT, "%,d", clicks)
                + " generated clicks (20 workspaces, 500 links, 90 days), " + rounds + " interleaved rounds after " + WARMUP + " warm-up rounds."
                + " The same statement (Tally's plan, bound parameters) runs on the embedded engine in process, on a ClickHouse server"
                + " over HTTP (the pinned engine's own listener in a child process) and on two such listeners as shards behind"
                + " Distributed tables, all on this one machine: the ratios are the cost of HTTP and of fan-out and merge, not the"
                + " speed-up of shards on their own machines.\n\n"
                + String.join("\n", lines) + "\n\n" + notes.stream().map(n -> "- " + n).reduce((a, b) -> a + "\n" + b).orElse("") + "\n"
                + SECTION_END;
        Report.replaceSection(file, SECTION_START, SECTION_END, section);
    }

    /** This bench's section of an existing BENCHMARKS.md, or nothing (so {@link Report} keeps it). */
    static String keptSection(Path file) throws java.io.IOException {
        if (!Files.exists(file)) {
            return "";
        }
        String existing = Files.readString(file);
        int start = existing.indexOf(SECTION_START);
        int end = existing.indexOf(SECTION_END);
        return start < 0 || end < start ? "" : "\n" + existing.substring(start, end + SECTION_END.length()) + "\n";
    }
}
