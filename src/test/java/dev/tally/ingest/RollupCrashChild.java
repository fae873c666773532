package dev.tally.ingest;

import dev.tally.auth.Plan;
import dev.tally.auth.Workspace;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import io.micronaut.context.ApplicationContext;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The child JVM of {@link RollupCrashTest}: Tally's real ingest pipeline on a given data directory.
 * {@code ingest <dir> <first batch>}: sends batches from the given number on forever, printing
 * {@code SEND n} before and {@code ACK n <ms>} after each. {@code verify <dir> <from> <to>}: starts Tally
 * (which repairs what a crash left), prints {@code ROLLUPS <tables>} and one {@code DIFF <table> <n>} per rollup
 * (buckets where the rollup and raw disagree), re-sends batches from..to as a client retrying those it is unsure of would,
 * and prints the {@code DIFF} lines again.
 */
public final class RollupCrashChild {
    static final int EVENTS_PER_BATCH = 10_000;
    private static final List<Workspace> WORKSPACES = List.of(
            new Workspace("ws_crash_a", "org", "crash a", Plan.FREE, ZoneOffset.UTC),
            new Workspace("ws_crash_b", "org", "crash b", Plan.FREE, ZoneOffset.UTC));
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    /** Each rollup, its bucket column and whether it carries unique visitors: checked against the catalog. */
    static final Map<String, Boolean> ROLLUPS = new TreeMap<>(Map.of(
            "rollup_workspace_hourly", true, "rollup_workspace_daily", true, "rollup_geo_hourly", false,
            "rollup_device_hourly", false, "rollup_utm_hourly", false, "rollup_trigger_hourly", false));

    private RollupCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int batch = Integer.parseInt(args[2]);
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("tally.clickhouse.data-dir", args[1])).deduceEnvironment(false).start()) {
            IngestService ingest = context.getBean(IngestService.class);
            ClickHouse clickHouse = context.getBean(ClickHouse.class);
            switch (mode) {
                case "ingest" -> {
                    for (; ; batch++) {
                        System.out.println("SEND " + batch);
                        System.out.flush();
                        long started = System.nanoTime();
                        send(ingest, batch);
                        System.out.println("ACK " + batch + " " + (System.nanoTime() - started) / 1_000_000);
                        System.out.flush();
                    }
                }
                case "verify" -> {
                    System.out.println("ROLLUPS " + String.join(",", rollupTables(clickHouse)));
                    printDifferences(clickHouse, "");
                    for (int retried = batch; retried <= Integer.parseInt(args[3]); retried++) {
                        send(ingest, retried);
                    }
                    printDifferences(clickHouse, "RETRIED ");
                    System.out.println("RAW " + clickHouse.query(Sql.of("SELECT count() AS n FROM events WHERE workspace_id LIKE 'ws_crash_%'"))
                            .single().longValue("n"));
                    System.out.flush();
                }
                default -> throw new IllegalArgumentException(mode);
            }
        }
        System.exit(0);
    }

    private static void send(IngestService ingest, int batch) {
        for (Workspace workspace : WORKSPACES) {
            ingest.batch(workspace, body(workspace, batch), null);
        }
    }

    private static void printDifferences(ClickHouse clickHouse, String prefix) {
        for (Map.Entry<String, Boolean> rollup : ROLLUPS.entrySet()) {
            boolean daily = rollup.getKey().endsWith("_daily");
            String visitors = rollup.getValue() ? ", uniqCombined64Merge(14)(visitors) AS uniques" : ", 0 AS uniques";
            Map<String, String> fromRollup = buckets(clickHouse, "SELECT workspace_id, event_type, "
                    + (daily ? "day" : "hour") + " AS bucket, sum(event_count) AS events, sum(sale_amount) AS amount"
                    + visitors + " FROM " + rollup.getKey() + " WHERE workspace_id LIKE 'ws_crash_%' GROUP BY ALL");
            Map<String, String> fromRaw = buckets(clickHouse, "SELECT workspace_id, event_type, "
                    + (daily ? "toDate(timestamp)" : "toStartOfHour(timestamp)") + " AS bucket, count() AS events,"
                    + " sum(amount) AS amount, " + (rollup.getValue() ? "uniqCombined64(14)(ip_hash)" : "0")
                    + " AS uniques FROM events WHERE workspace_id LIKE 'ws_crash_%' GROUP BY ALL");
            TreeSet<String> keys = new TreeSet<>(fromRaw.keySet());
            keys.addAll(fromRollup.keySet());
            long differing = keys.stream().filter(key -> !java.util.Objects.equals(fromRaw.get(key), fromRollup.get(key))).count();
            System.out.println(prefix + "DIFF " + rollup.getKey() + " " + differing);
        }
    }

    private static Map<String, String> buckets(ClickHouse clickHouse, String text) {
        Map<String, String> buckets = new TreeMap<>();
        for (Row row : clickHouse.query(Sql.of(text)).rows()) {
            buckets.put(row.get("workspace_id") + "|" + row.get("event_type") + "|" + row.get("bucket"),
                    row.get("events") + "|" + row.get("amount") + "|" + row.get("uniques"));
        }
        return buckets;
    }

    private static List<String> rollupTables(ClickHouse clickHouse) {
        return clickHouse.query(Sql.of("SELECT name FROM system.tables WHERE database = currentDatabase()"
                        + " AND engine LIKE '%AggregatingMergeTree' ORDER BY name")).rows().stream()
                .map(row -> row.string("name")).toList();
    }

    /** A batch spread over three days and many hours, with fixed event ids so a retry is deduplicated. */
    private static ByteArrayInputStream body(Workspace workspace, int batch) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < EVENTS_PER_BATCH / WORKSPACES.size(); i++) {
            Instant at = START.plusSeconds(((long) batch * 7919 + i * 131L) % (3 * 86_400));
            out.append("{\"event\":\"view\",\"event_id\":\"evt_c_").append(workspace.id()).append('_').append(batch).append('_')
                    .append(i).append("\",\"timestamp\":\"").append(at).append("\",\"page_id\":\"page_").append(i % 7)
                    .append("\",\"ip\":\"81.2.69.").append(i % 250).append("\",\"country\":\"")
                    .append(i % 3 == 0 ? "US" : "GB").append("\",\"user_agent\":\"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0\"}\n");
        }
        return new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
