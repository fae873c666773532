package dev.tally.sql;

/** Statements over {@code ingest_idempotency_keys} (migration 0020). */
public final class IdempotencyKeySql {
    private IdempotencyKeySql() {
    }

    /** The first answer stored for this key within the last {@code windowHours}. */
    public static Sql find(String workspaceId, String key, int windowHours) {
        Parameters parameters = new Parameters();
        String text = "SELECT request_hash, result FROM ingest_idempotency_keys WHERE " + WorkspaceScope.bind(parameters, workspaceId).predicate()
                + " AND idempotency_key = " + parameters.bind(Param.string(key))
                + " AND created_at >= now64(3) - toIntervalHour(" + parameters.bind(Param.uint32(windowHours)) + ")"
                + " ORDER BY created_at LIMIT 1";
        return Sql.of(text, parameters);
    }
}
