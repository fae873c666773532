package dev.tally.sql;

import java.time.Instant;
import java.util.List;

/** Statements over the {@code api_keys} table (migration 0010): one version row per change, latest {@code updated_at} wins. */
public final class ApiKeySql {
    private static final String COLUMNS = "id, workspace_id, name, key_hash, scopes, created_at, revoked_at, updated_at";

    private ApiKeySql() {
    }

    /** Writes one version of a key; {@code revokedAt} may be null. */
    public static Sql write(String id, String workspaceId, String name, String keyHash, List<String> scopes, Instant createdAt,
                            Instant revokedAt, Instant updatedAt) {
        Parameters parameters = new Parameters();
        String revoked = revokedAt == null ? "NULL" : parameters.bind(Param.dateTime64(revokedAt));
        String text = "INSERT INTO api_keys (" + COLUMNS + ") SELECT "
                + parameters.bind(Param.string(id)) + ", "
                + parameters.bind(Param.string(workspaceId)) + ", "
                + parameters.bind(Param.string(name)) + ", "
                + parameters.bind(Param.string(keyHash)) + ", "
                + parameters.bind(Param.strings(scopes)) + ", "
                + parameters.bind(Param.dateTime64(createdAt)) + ", "
                + revoked + ", "
                + parameters.bind(Param.dateTime64(updatedAt));
        return Sql.of(text, parameters);
    }

    /** The key whose secret hashes to {@code keyHash}, in whatever workspace: authentication's lookup. */
    public static Sql byHash(String keyHash) {
        Parameters parameters = new Parameters();
        return Sql.of("SELECT " + COLUMNS + " FROM api_keys FINAL WHERE key_hash = " + parameters.bind(Param.string(keyHash)), parameters);
    }

    public static Sql byId(String workspaceId, String keyId) {
        Parameters parameters = new Parameters();
        String text = "SELECT " + COLUMNS + " FROM api_keys FINAL WHERE " + WorkspaceScope.bind(parameters, workspaceId).predicate()
                + " AND id = " + parameters.bind(Param.string(keyId));
        return Sql.of(text, parameters);
    }

    public static Sql list(String workspaceId) {
        Parameters parameters = new Parameters();
        String text = "SELECT " + COLUMNS + " FROM api_keys FINAL WHERE " + WorkspaceScope.bind(parameters, workspaceId).predicate()
                + " ORDER BY created_at, id";
        return Sql.of(text, parameters);
    }

    /** Hashes of keys with a version written at or after {@code since}, each with its latest version time. */
    public static Sql changedSince(Instant since) {
        Parameters parameters = new Parameters();
        return Sql.of("SELECT key_hash, max(updated_at) AS version FROM api_keys WHERE updated_at >= "
                + parameters.bind(Param.dateTime64(since)) + " GROUP BY key_hash", parameters);
    }
}
