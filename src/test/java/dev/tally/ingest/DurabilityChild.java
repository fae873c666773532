package dev.tally.ingest;

import dev.tally.auth.Plan;
import dev.tally.auth.Workspace;
import dev.tally.sql.Param;
import dev.tally.sql.Parameters;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import io.micronaut.context.ApplicationContext;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The child JVM of {@link DurabilityTest}: Tally's real ingest pipeline on a given data directory.
 * {@code ingest}: sends batch after batch forever, printing {@code SEND n} before and {@code ACK n} after
 * each acknowledged batch. {@code recheck <acked> <sent>}: prints {@code BEFORE <acked present> <rows>
 * <distinct ids>}, re-sends batches 0..sent (a client retrying everything it is unsure of, and more), then
 * prints {@code AFTER <rows> <distinct ids>}.
 */
public final class DurabilityChild {
    static final int EVENTS_PER_BATCH = 2_000;
    static final String WORKSPACE_ID = "ws_durability";

    private DurabilityChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String dataDir = args[1];
        Workspace workspace = new Workspace(WORKSPACE_ID, "org", "durability", Plan.FREE, ZoneOffset.UTC);
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("tally.clickhouse.data-dir", dataDir)).deduceEnvironment(false).start()) {
            IngestService ingest = context.getBean(IngestService.class);
            ClickHouse clickHouse = context.getBean(ClickHouse.class);
            switch (mode) {
                case "ingest" -> {
                    for (int batch = 0; ; batch++) {
                        System.out.println("SEND " + batch);
                        System.out.flush();
                        ingest.batch(workspace, body(batch), null);
                        System.out.println("ACK " + batch);
                        System.out.flush();
                    }
                }
                case "recheck" -> {
                    int acked = Integer.parseInt(args[2]);
                    int sent = Integer.parseInt(args[3]);
                    Row before = counts(clickHouse, acked);
                    System.out.println("BEFORE " + before.longValue("acked_present") + " " + before.longValue("total")
                            + " " + before.longValue("distinct_ids"));
                    for (int batch = 0; batch <= sent; batch++) {
                        ingest.batch(workspace, body(batch), null);
                    }
                    Row after = counts(clickHouse, acked);
                    System.out.println("AFTER " + after.longValue("total") + " " + after.longValue("distinct_ids"));
                    System.out.flush();
                }
                default -> throw new IllegalArgumentException(mode);
            }
        }
        System.exit(0);
    }

    private static Row counts(ClickHouse clickHouse, int acked) {
        Parameters parameters = new Parameters();
        String text = "SELECT countIf(toUInt32(splitByChar('_', event_id)[3]) < " + parameters.bind(Param.uint32(acked))
                + ") AS acked_present, count() AS total, uniqExact(event_id) AS distinct_ids FROM events WHERE workspace_id = "
                + parameters.bind(Param.string(WORKSPACE_ID));
        return clickHouse.query(Sql.of(text, parameters)).single();
    }

    private static ByteArrayInputStream body(int batch) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < EVENTS_PER_BATCH; i++) {
            out.append("{\"event\":\"view\",\"event_id\":\"evt_d_").append(batch).append('_').append(i)
                    .append("\",\"page_id\":\"page_").append(i % 7).append("\",\"ip\":\"81.2.69.").append(i % 250)
                    .append("\",\"user_agent\":\"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0\"}\n");
        }
        return new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
