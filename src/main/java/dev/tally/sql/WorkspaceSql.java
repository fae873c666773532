package dev.tally.sql;

import java.time.Instant;

/** Statements over the {@code workspaces} table (migration 0001): one version row per change, read with {@code FINAL}. */
public final class WorkspaceSql {
    private static final String COLUMNS = "id, organization_id, name, plan, time_zone, created_at, updated_at";

    private WorkspaceSql() {
    }

    public static Sql write(String id, String organizationId, String name, String plan, String timeZone, Instant createdAt,
                            Instant updatedAt) {
        Parameters parameters = new Parameters();
        String text = "INSERT INTO workspaces (" + COLUMNS + ") SELECT "
                + parameters.bind(Param.string(id)) + ", "
                + parameters.bind(Param.string(organizationId)) + ", "
                + parameters.bind(Param.string(name)) + ", "
                + parameters.bind(Param.string(plan)) + ", "
                + parameters.bind(Param.string(timeZone)) + ", "
                + parameters.bind(Param.dateTime64(createdAt)) + ", "
                + parameters.bind(Param.dateTime64(updatedAt));
        return Sql.of(text, parameters);
    }

    public static Sql byId(String id) {
        Parameters parameters = new Parameters();
        return Sql.of("SELECT " + COLUMNS + " FROM workspaces FINAL WHERE id = " + parameters.bind(Param.string(id)), parameters);
    }

    /** Every workspace's latest version, oldest first (the admin API's list). */
    public static Sql all() {
        return Sql.of("SELECT " + COLUMNS + " FROM workspaces FINAL ORDER BY created_at, id");
    }

    /** Ids of workspaces with a version written at or after {@code since}, each with its latest version time. */
    public static Sql changedSince(Instant since) {
        Parameters parameters = new Parameters();
        return Sql.of("SELECT id, max(updated_at) AS version FROM workspaces WHERE updated_at >= "
                + parameters.bind(Param.dateTime64(since)) + " GROUP BY id", parameters);
    }
}
