package dev.tally.support;

import dev.tally.sql.Param;
import dev.tally.sql.Parameters;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;

import java.util.List;

/** Plain SQL over the raw {@code events} table, the independent check for ingest tests. */
public final class EventRows {
    private EventRows() {
    }

    public static List<Row> of(ClickHouse clickHouse, String workspaceId) {
        Parameters parameters = new Parameters();
        String text = "SELECT * FROM events WHERE workspace_id = " + parameters.bind(Param.string(workspaceId))
                + " ORDER BY timestamp, event_id";
        return clickHouse.query(Sql.of(text, parameters)).rows();
    }

    public static Row byId(ClickHouse clickHouse, String workspaceId, String eventId) {
        Parameters parameters = new Parameters();
        String text = "SELECT * FROM events WHERE workspace_id = " + parameters.bind(Param.string(workspaceId))
                + " AND event_id = " + parameters.bind(Param.string(eventId));
        return clickHouse.query(Sql.of(text, parameters)).single();
    }

    public static long count(ClickHouse clickHouse, String workspaceId) {
        Parameters parameters = new Parameters();
        String text = "SELECT count() AS c FROM events WHERE workspace_id = " + parameters.bind(Param.string(workspaceId));
        return clickHouse.query(Sql.of(text, parameters)).single().longValue("c");
    }
}
