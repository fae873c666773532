package dev.tally.sql;

import java.util.Collection;

/** Statements over {@code data_versions} (migration 0100): which instance changed which workspace's data, and when. */
public final class DataVersionSql {
    private DataVersionSql() {
    }

    /** One row per workspace: {@code instanceId} changed it, at its own {@code sequence}; the server stamps the time. */
    public static Sql write(String instanceId, long sequence, Collection<String> workspaceIds) {
        Parameters parameters = new Parameters();
        String text = "INSERT INTO data_versions (workspace_id, instance_id, sequence) SELECT workspace_id, "
                + parameters.bind(Param.string(instanceId)) + ", " + parameters.bind(Param.uint64(sequence))
                + " FROM (SELECT arrayJoin(" + parameters.bind(Param.strings(workspaceIds)) + ") AS workspace_id)";
        return Sql.of(text, parameters);
    }

    /** Each (workspace, instance)'s latest sequence written within the last {@code lookbackSeconds} (server clock). */
    public static Sql latestWithin(long lookbackSeconds) {
        Parameters parameters = new Parameters();
        String text = "SELECT workspace_id, instance_id, max(sequence) AS sequence FROM data_versions WHERE updated_at >= now64(3) - toIntervalSecond("
                + parameters.bind(Param.uint32(lookbackSeconds)) + ") GROUP BY workspace_id, instance_id";
        return Sql.of(text, parameters);
    }
}
