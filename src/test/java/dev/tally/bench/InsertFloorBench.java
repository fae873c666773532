package dev.tally.bench;

import dev.tally.auth.Plan;
import dev.tally.auth.Workspace;
import dev.tally.auth.Workspaces;
import dev.tally.ingest.RollupJournal;
import dev.tally.ingest.TouchedDay;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.InputFormat;
import dev.tally.store.Row;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where one small insert's time goes (issue 16's {@code /track} floor, ADR 0150): the same few enriched rows
 * inserted, interleaved, into {@code events} as Tally has it (the rollup views and the by_link projection),
 * into copies of it without the views, and without the views and the projection; into {@code events} with
 * the engine settings the ADR weighed; and the rollup journal's own begin/end. Prints medians and p99 per
 * target. Args: rows per insert, inserts per target.
 */
final class InsertFloorBench {
    private InsertFloorBench() {
    }

    public static void main(String[] args) throws Exception {
        int rowsPerInsert = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int inserts = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path workDir = Path.of("target", "bench").toAbsolutePath();
        BenchMain.deleteRecursively(workDir.resolve("floor-data"));
        Files.createDirectories(workDir);
        try (AppUnderBench app = new AppUnderBench(workDir.resolve("floor-data"), Map.of())) {
            ClickHouse clickHouse = app.clickHouse();
            Workspace workspace = app.context().getBean(Workspaces.class)
                    .create("floor bench", null, Plan.ENTERPRISE, ZoneOffset.UTC).workspace();
            clickHouse.execute(Sql.of("CREATE TABLE floor_no_views AS events"));
            clickHouse.execute(Sql.of("CREATE TABLE floor_no_views_no_projection AS events"));
            clickHouse.execute(Sql.of("ALTER TABLE floor_no_views_no_projection DROP PROJECTION IF EXISTS by_link"));
            // One rollup view alone, writing parts (the hourly workspace rollup's shape) or into a Null table (the
            // view's own planning and aggregation, no part): what one of the seven views adds, and of it, what is the write.
            clickHouse.execute(Sql.of("CREATE TABLE floor_one_view AS floor_no_views_no_projection"));
            clickHouse.execute(Sql.of("CREATE TABLE floor_one_null_view AS floor_no_views_no_projection"));
            clickHouse.execute(Sql.of("CREATE TABLE floor_rollup AS rollup_workspace_hourly"));
            clickHouse.execute(Sql.of("CREATE TABLE floor_null AS rollup_workspace_hourly ENGINE = Null"));
            String select = " AS SELECT workspace_id, event_type, bot, toStartOfHour(toDateTime(timestamp, 'UTC')) AS hour, count() AS event_count, "
                    + "sum(amount) AS sale_amount, uniqCombined64State(14)(ip_hash) AS visitors FROM ";
            clickHouse.execute(Sql.of("CREATE MATERIALIZED VIEW floor_rollup_mv TO floor_rollup" + select
                    + "floor_one_view GROUP BY workspace_id, event_type, bot, hour"));
            clickHouse.execute(Sql.of("CREATE MATERIALIZED VIEW floor_null_mv TO floor_null" + select
                    + "floor_one_null_view GROUP BY workspace_id, event_type, bot, hour"));
            for (Row row : clickHouse.query(Sql.of("SELECT name, engine FROM system.tables WHERE database = currentDatabase() "
                    + "AND (name LIKE 'floor%' OR name = 'events')")).rows()) {
                System.out.println("table " + row.string("name") + " " + row.string("engine"));
            }
            Map<String, String> targets = new LinkedHashMap<>();
            targets.put("events (7 views + projection)", "events");
            targets.put("events, parallel_view_processing=1", "events SETTINGS parallel_view_processing = 1");
            targets.put("events, optimize_on_insert=0", "events SETTINGS optimize_on_insert = 0");
            targets.put("events, insert_deduplicate=0", "events SETTINGS insert_deduplicate = 0");
            targets.put("events, optimize_on_insert=0 + parallel views", "events SETTINGS optimize_on_insert = 0, parallel_view_processing = 1");
            targets.put("copy with the projection, no views", "floor_no_views");
            targets.put("copy, no projection, one rollup view", "floor_one_view");
            targets.put("copy, no projection, one view into Null", "floor_one_null_view");
            targets.put("copy, no projection, no views", "floor_no_views_no_projection");
            Map<String, List<Long>> nanos = new LinkedHashMap<>();
            targets.keySet().forEach(name -> nanos.put(name, new ArrayList<>()));
            long serial = 0;
            for (int round = -3; round < inserts; round++) {
                for (Map.Entry<String, String> target : targets.entrySet()) {
                    // Distinct rows every time: identical blocks would be dropped by the deduplication window.
                    byte[] rows = rows(workspace.id(), rowsPerInsert, serial);
                    serial += rowsPerInsert;
                    long started = System.nanoTime();
                    clickHouse.insert(target.getValue(), InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(rows));
                    if (round >= 0) {
                        nanos.get(target.getKey()).add(System.nanoTime() - started);
                    }
                }
            }
            RollupJournal journal = app.context().getBean(RollupJournal.class);
            List<Long> journalNanos = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                long started = System.nanoTime();
                journal.end(journal.begin(Set.of(new TouchedDay(workspace.id(), LocalDate.of(2026, 6, 1)))));
                journalNanos.add(System.nanoTime() - started);
            }
            nanos.put("rollup journal begin + end alone", journalNanos);
            System.out.printf(Locale.ROOT, "%d rows per insert, %d inserts per target, load average %s%n", rowsPerInsert, inserts,
                    Files.readString(Path.of("/proc/loadavg")).strip());
            for (Map.Entry<String, List<Long>> entry : nanos.entrySet()) {
                List<Long> sorted = entry.getValue().stream().sorted().toList();
                System.out.printf(Locale.ROOT, "%-45s median %8.2f ms  p99 %8.2f ms%n", entry.getKey(),
                        sorted.get(sorted.size() / 2) / 1e6, sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1e6);
            }
            views(clickHouse);
            repeatedBlock(clickHouse, workspace.id());
        }
        System.exit(0);
    }

    /**
     * Whether the same rows inserted again are stored again. {@code events} has a deduplication window
     * ({@code non_replicated_deduplication_window}); if it dropped a repeated identical block, the benches that
     * time the same bare rows in every round would time a skipped insert. Measured: stored again each time.
     */
    private static void repeatedBlock(ClickHouse clickHouse, String workspaceId) {
        byte[] rows = rows(workspaceId, 1_000, 10_000_000);
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            clickHouse.insert("events", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(rows));
            long stored = clickHouse.query(Sql.of("SELECT count() AS n FROM events WHERE startsWith(event_id, 'evt_floor_1000')"))
                    .single().longValue("n");
            System.out.printf(Locale.ROOT, "the same 1,000 rows inserted %d time(s): %d stored, that insert %.1f ms%n", i + 1, stored,
                    (System.nanoTime() - started) / 1e6);
        }
    }

    /** The engine's own per-view times, when this chDB build keeps {@code system.query_views_log}. */
    private static void views(ClickHouse clickHouse) {
        try {
            clickHouse.execute(Sql.of("SYSTEM FLUSH LOGS"));
            for (Row row : clickHouse.query(Sql.of("SELECT view_name, count() AS n, quantileExact(0.5)(view_duration_ms) AS p50 "
                    + "FROM system.query_views_log GROUP BY view_name ORDER BY p50 DESC")).rows()) {
                System.out.println("view " + row.string("view_name") + " n=" + row.longValue("n") + " p50 ms=" + row.string("p50"));
            }
        } catch (RuntimeException e) {
            System.out.println("no query_views_log: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static byte[] rows(String workspaceId, int count, long serial) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            long n = serial + i;
            out.writeBytes(("{\"workspace_id\":\"" + workspaceId + "\",\"event_id\":\"evt_floor_" + n + "\",\"event_type\":\"view\","
                    + "\"timestamp\":\"2026-06-01 " + String.format(Locale.ROOT, "%02d", n % 24) + ":00:00.000\",\"page_id\":\"bio_" + (n % 20)
                    + "\",\"country\":\"GB\",\"device\":\"Mobile\",\"browser\":\"Safari\",\"os\":\"iOS\",\"referer\":\"(direct)\","
                    + "\"trigger\":\"pageview\",\"ip_hash\":" + (n * 7919) + "}\n").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
