package dev.tally.bench;

import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import dev.tally.sql.Plan;
import dev.tally.sql.Planner;
import dev.tally.sql.Sql;
import dev.tally.store.BareChdb;
import dev.tally.store.ClickHouse;
import dev.tally.store.EmbeddedClickHouse;

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

/**
 * Where the bare engine's time goes on the five rollup-served requests of issue 15 (ADR 0145): for each planned
 * statement, the engine's own CPU time and what it selected, from the process's {@code system.events} counters read
 * around blocks of its runs (chDB keeps no {@code system.query_log}); the same for the statement's front half only
 * ({@code EXPLAIN AST} = parse, {@code EXPLAIN QUERY TREE} = parse + analysis, {@code EXPLAIN} = + plan, no read) and
 * for variants: {@code max_threads = 1}, the other analyzer, 8-row granules for the count, and, for the dimension
 * rollups, a daily twin (UTC days of the range from a daily copy of the rollup plus the hourly edges, ADR 0107's
 * proposal; the twins and granule copies are built here from the rollups' rows, nothing is added to the schema).
 * A request's statements take turns block by block. CPU time, unlike wall time, barely depends on the neighbours'
 * load, which is why it is the figure compared.
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp … dev.tally.bench.EngineCostBench [clicks] [runs per statement]
 * </pre>
 */
public final class EngineCostBench {
    static final String SECTION_START = "<!-- engine-cost-bench -->";
    static final String SECTION_END = "<!-- /engine-cost-bench -->";
    private static final List<String> COUNTERS = List.of("UserTimeMicroseconds", "SystemTimeMicroseconds", "SelectedRows", "SelectedMarks",
            "ReadCompressedBytes", "LocalThreadPoolJobs");
    /** Dimension rollup → the column its group-by reads, and its daily twin's key columns after the day. */
    private static final Map<String, String[]> TWINS = Map.of(
            "rollup_geo_hourly", new String[]{"continent, country, region, city"},
            "rollup_device_hourly", new String[]{"device, browser, os"},
            "rollup_utm_hourly", new String[]{"utm_source, utm_medium, utm_campaign, utm_term, utm_content"},
            "rollup_trigger_hourly", new String[]{"trigger, domain"});

    private EngineCostBench() {
    }

    public static void main(String[] args) throws Exception {
        long clicks = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        Path dataDir = Path.of("target", "engine-cost-data");
        BenchMain.deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        TrafficGenerator generator = new TrafficGenerator(42, 2, 1_000, 90, LocalDate.now(ZoneOffset.UTC));
        String workspaceId = generator.workspaces().getFirst();
        List<String> lines = new ArrayList<>();
        try (AppUnderBench app = new AppUnderBench(dataDir, Map.of())) {
            ClickHouse clickHouse = app.clickHouse();
            DataSetLoader.Loaded loaded = DataSetLoader.load(clickHouse, generator, clicks);
            for (var table : clickHouse.query(Sql.of("SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE 'rollup_%'"
                    + " AND engine LIKE '%MergeTree'")).rows()) {
                clickHouse.execute(Sql.of("OPTIMIZE TABLE " + table.string("name") + " FINAL"));
            }
            TWINS.forEach((hourly, keys) -> buildTwin(clickHouse, hourly, keys[0]));
            for (String table : List.of("rollup_workspace_hourly", "rollup_workspace_daily")) {
                clickHouse.execute(Sql.of("CREATE TABLE " + table + "_g8 AS " + table + " ENGINE = AggregatingMergeTree ORDER BY (workspace_id, event_type, bot, "
                        + (table.endsWith("hourly") ? "hour" : "day") + ") SETTINGS index_granularity = 8"));
                clickHouse.execute(Sql.of("INSERT INTO " + table + "_g8 SELECT * FROM " + table));
                clickHouse.execute(Sql.of("OPTIMIZE TABLE " + table + "_g8 FINAL"));
            }
            lines.add(String.format(Locale.ROOT, "- data set: %,d events (LoadBench's: 2 workspaces, 1,000 links, 90 days), rollups merged;"
                    + " %d runs of each statement after 5 unrecorded; load average %s at the start", loaded.events(), runs, loadAverage()));
            lines.add("");
            lines.add("| request | statement | engine CPU ms per statement | wall median ms | p99 ms | rows selected | marks | compressed bytes read |");
            lines.add("|---|---|---|---|---|---|---|---|");
            QueryParser parser = new QueryParser(Clock.systemUTC());
            BareChdb bare = BareChdb.beside((EmbeddedClickHouse) clickHouse, dataDir);
            try {
                bare.query("USE tally", "TSV");
                lines.add(row("floor", "`SELECT 1`", measure(bare, List.of(Sql.of("SELECT 1")), runs).getFirst()));
                for (Map.Entry<String, String> query : LoadBench.queries().entrySet()) {
                    Plan plan = Planner.plan(parser.parse(parameters(query.getValue()), SurfaceRules.NATIVE_ANALYTICS, workspaceId, ZoneId.of("UTC")));
                    if (!plan.source().isRollup()) {
                        continue;
                    }
                    Map<String, Sql> variants = variants(plan);
                    List<Measured> measured = measure(bare, List.copyOf(variants.values()), runs);
                    int i = 0;
                    for (String variant : variants.keySet()) {
                        lines.add(row(query.getKey() + " (`" + plan.source().table() + "`)", variant, measured.get(i++)));
                        System.out.println(lines.getLast());
                    }
                }
            } finally {
                bare.close();
            }
        }
        lines.add("");
        lines.add(String.format(Locale.ROOT, "- load average %s at the end", loadAverage()));
        String section = SECTION_START + "\n## engine cost of rollup statements (ADR 0145)\n\nGenerated by `dev.tally.bench.EngineCostBench` on "
                + java.time.Instant.now() + ", embedded chDB, " + Runtime.getRuntime().availableProcessors() + " cores. Engine CPU is the user + system"
                + " time of the engine's query threads (`system.events` before and after the runs of one statement, divided by the runs); wall times"
                + " are the bare chDB call's over the same runs (one statement at a time, so neighbours' load moves them more than the CPU figure)."
                + " Rows, marks and bytes are per statement. The `_g8` tables and the daily twins are copies built by the bench, not schema.\n\n"
                + String.join("\n", lines) + "\n" + SECTION_END + "\n";
        Report.replaceSection(Path.of("BENCHMARKS.md"), SECTION_START, SECTION_END, section);
        lines.forEach(System.out::println);
        System.exit(0);
    }

    /** The planned statement, its front half alone, and the variants ADR 0145 weighs. */
    private static Map<String, Sql> variants(Plan plan) {
        Sql planned = plan.sql();
        Map<String, Sql> variants = new LinkedHashMap<>();
        variants.put("planned", planned);
        variants.put("`EXPLAIN AST` (parse)", prefixed("EXPLAIN AST ", planned));
        if (!planned.text().contains("enable_analyzer = 0")) {
            // The old analyzer has no query tree to show (Code 48), so its statements skip this phase.
            variants.put("`EXPLAIN QUERY TREE` (parse + analysis)", prefixed("EXPLAIN QUERY TREE ", planned));
        }
        variants.put("`EXPLAIN` (+ plan, no read)", prefixed("EXPLAIN ", planned));
        if (!planned.text().contains("max_threads")) {
            variants.put("`max_threads = 1`", withSetting(planned, "max_threads = 1"));
        }
        if (planned.text().contains("enable_analyzer = 0")) {
            variants.put("new analyzer (`enable_analyzer = 1`)", new Sql(planned.text().replace("enable_analyzer = 0", "enable_analyzer = 1"), planned.params()));
        } else {
            variants.put("`enable_analyzer = 0` (old analyzer)", withSetting(planned, "enable_analyzer = 0"));
        }
        if (planned.text().contains("FROM rollup_workspace_daily")) {
            variants.put("8-row granules in both workspace rollups (64 now)", new Sql(planned.text()
                    .replace("FROM rollup_workspace_daily\n", "FROM rollup_workspace_daily_g8\n")
                    .replace("FROM rollup_workspace_hourly\n", "FROM rollup_workspace_hourly_g8\n"), planned.params()));
        }
        if (TWINS.containsKey(plan.source().table())) {
            variants.put("daily twin + hourly edges (UNION ALL)", dailyTwin(planned, plan.source().table()));
        }
        return variants;
    }

    private static Sql prefixed(String prefix, Sql sql) {
        return new Sql(prefix + sql.text(), sql.params());
    }

    private static Sql withSetting(Sql sql, String setting) {
        return new Sql(sql.text().contains("\nSETTINGS ") ? sql.text() + ", " + setting : sql.text() + "\nSETTINGS " + setting, sql.params());
    }

    /**
     * The planned group-by read from the daily twin for the range's whole UTC days and from the hourly rollup for its
     * two edges. Tricky: the planned statement's placeholders are reused as they are (p1 workspace, p2 event types,
     * p3/p4 the range, p5 the limit: SqlBuilder's binding order for a dimension group-by), so the answer is the same
     * question's.
     */
    private static Sql dailyTwin(Sql planned, String hourly) {
        String text = planned.text();
        int from = text.indexOf("\nFROM ");
        int groupBy = text.indexOf("\nGROUP BY ");
        String select = text.substring(0, from);
        String value = select.substring("SELECT ".length(), select.indexOf(" AS value"));
        String columns = "event_type, " + value + ", event_count, sale_amount";
        String common = "workspace_id = {p1:String} AND event_type IN {p2:Array(String)} AND NOT bot";
        String union = "(\n  SELECT " + columns + " FROM " + hourly.replace("_hourly", "_daily_twin")
                + "\n  WHERE " + common + " AND day > toDate({p3:DateTime64(3, 'UTC')}) AND day < toDate({p4:DateTime64(3, 'UTC')})"
                + "\n  UNION ALL\n  SELECT " + columns + " FROM " + hourly
                + "\n  WHERE " + common + " AND ((hour >= {p3:DateTime64(3, 'UTC')} AND hour < toDateTime(toDate({p3:DateTime64(3, 'UTC')}) + 1, 'UTC'))"
                + " OR (hour >= toDateTime(toDate({p4:DateTime64(3, 'UTC')}), 'UTC') AND hour < {p4:DateTime64(3, 'UTC')}))\n)";
        return new Sql(select + "\nFROM " + union + text.substring(groupBy), planned.params());
    }

    /** A daily copy of an hourly dimension rollup, keyed like it with the UTC day in place of the hour. */
    private static void buildTwin(ClickHouse clickHouse, String hourly, String keys) {
        String twin = hourly.replace("_hourly", "_daily_twin");
        clickHouse.execute(Sql.of("CREATE TABLE " + twin + " ENGINE = AggregatingMergeTree ORDER BY (workspace_id, event_type, bot, day, " + keys + ")"
                + " AS SELECT workspace_id, event_type, bot, toDate(hour) AS day, " + keys + ", sum(event_count) AS event_count,"
                + " sum(sale_amount) AS sale_amount FROM " + hourly + " GROUP BY workspace_id, event_type, bot, day, " + keys));
        clickHouse.execute(Sql.of("OPTIMIZE TABLE " + twin + " FINAL"));
    }

    private static final int BLOCK = 10;

    private record Measured(Stats wall, Map<String, Long> perRun) {
    }

    /**
     * Runs each statement {@code runs} times in blocks of {@link #BLOCK} runs, the statements taking turns block by
     * block, so a change in the neighbours' load falls on all of them alike; counters are read around each block.
     */
    private static List<Measured> measure(BareChdb bare, List<Sql> statements, int runs) {
        for (Sql sql : statements) {
            for (int i = 0; i < 5; i++) {
                bare.query(sql);
            }
        }
        long[][] nanos = new long[statements.size()][runs];
        List<Map<String, Long>> totals = new ArrayList<>();
        statements.forEach(sql -> totals.add(new LinkedHashMap<>()));
        for (int done = 0; done < runs; done += BLOCK) {
            for (int s = 0; s < statements.size(); s++) {
                Map<String, Long> before = counters(bare);
                for (int i = done; i < Math.min(runs, done + BLOCK); i++) {
                    long start = System.nanoTime();
                    bare.query(statements.get(s));
                    nanos[s][i] = System.nanoTime() - start;
                }
                Map<String, Long> after = counters(bare);
                Map<String, Long> total = totals.get(s);
                COUNTERS.forEach(counter -> total.merge(counter, after.getOrDefault(counter, 0L) - before.getOrDefault(counter, 0L), Long::sum));
            }
        }
        List<Measured> out = new ArrayList<>();
        for (int s = 0; s < statements.size(); s++) {
            Map<String, Long> perRun = new LinkedHashMap<>();
            // Tricky: a counter read is itself a statement, and its CPU is counted after it has read the counters, so
            // each block's opening read lands in the block: ~1/BLOCK of a SELECT 1 per run, the same on every row.
            totals.get(s).forEach((counter, value) -> perRun.put(counter, value / runs));
            out.add(new Measured(Stats.ofNanos(nanos[s]), perRun));
        }
        return out;
    }

    private static Map<String, Long> counters(BareChdb bare) {
        Map<String, Long> out = new LinkedHashMap<>();
        new String(bare.query("SELECT event, value FROM system.events", "TSV"), StandardCharsets.UTF_8).lines().forEach(line -> {
            String[] parts = line.split("\t");
            out.put(parts[0], Long.parseLong(parts[1]));
        });
        return out;
    }

    private static String row(String request, String statement, Measured measured) {
        Map<String, Long> c = measured.perRun();
        return String.format(Locale.ROOT, "| %s | %s | %.2f | %s | %s | %,d | %,d | %,d |", request, statement,
                (c.get("UserTimeMicroseconds") + c.get("SystemTimeMicroseconds")) / 1000.0, measured.wall().median(), measured.wall().p99(),
                c.get("SelectedRows"), c.get("SelectedMarks"), c.get("ReadCompressedBytes"));
    }

    private static Map<String, List<String>> parameters(String queryString) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : queryString.split("&")) {
            String[] parts = pair.split("=", 2);
            parameters.put(parts[0], List.of(parts[1]));
        }
        return parameters;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
