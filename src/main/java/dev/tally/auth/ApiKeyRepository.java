package dev.tally.auth;

import dev.tally.sql.Param;
import dev.tally.sql.Parameters;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code api_keys} table (migration 0010): one version row per change, latest {@code updated_at}
 * wins. Holds the secret's hash only. Every read by id is confined to one workspace.
 */
@Singleton
final class ApiKeyRepository {
    private static final String COLUMNS = "id, workspace_id, name, key_hash, scopes, created_at, revoked_at, updated_at";

    private final ClickHouse clickHouse;

    ApiKeyRepository(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    /** Writes a version of {@code key}; {@code updatedAt} must be later than the key's previous version. */
    void write(ApiKey key, String keyHash, Instant updatedAt) {
        Parameters parameters = new Parameters();
        List<String> scopes = key.scopes().stream().map(Scope::publicName).sorted().toList();
        String revokedAt = key.revokedAt() == null ? "NULL" : parameters.bind(Param.dateTime64(key.revokedAt()));
        String text = "INSERT INTO api_keys (" + COLUMNS + ") SELECT "
                + parameters.bind(Param.string(key.id())) + ", "
                + parameters.bind(Param.string(key.workspaceId())) + ", "
                + parameters.bind(Param.string(key.name())) + ", "
                + parameters.bind(Param.string(keyHash)) + ", "
                + parameters.bind(Param.strings(scopes)) + ", "
                + parameters.bind(Param.dateTime64(key.createdAt())) + ", "
                + revokedAt + ", "
                + parameters.bind(Param.dateTime64(updatedAt));
        clickHouse.execute(Sql.of(text, parameters));
    }

    Optional<StoredApiKey> findByHash(String keyHash) {
        Parameters parameters = new Parameters();
        String text = "SELECT " + COLUMNS + " FROM api_keys FINAL WHERE key_hash = " + parameters.bind(Param.string(keyHash));
        return first(clickHouse.query(Sql.of(text, parameters)).rows());
    }

    Optional<StoredApiKey> find(String workspaceId, String keyId) {
        Parameters parameters = new Parameters();
        String text = "SELECT " + COLUMNS + " FROM api_keys FINAL WHERE workspace_id = " + parameters.bind(Param.string(workspaceId))
                + " AND id = " + parameters.bind(Param.string(keyId));
        return first(clickHouse.query(Sql.of(text, parameters)).rows());
    }

    List<ApiKey> list(String workspaceId) {
        Parameters parameters = new Parameters();
        String text = "SELECT " + COLUMNS + " FROM api_keys FINAL WHERE workspace_id = " + parameters.bind(Param.string(workspaceId))
                + " ORDER BY created_at, id";
        List<ApiKey> keys = new ArrayList<>();
        for (Row row : clickHouse.query(Sql.of(text, parameters)).rows()) {
            keys.add(stored(row).key());
        }
        return keys;
    }

    /**
     * Hashes of keys with a version written at or after {@code since}, each with its latest version time:
     * what the revocation poll invalidates.
     */
    Map<String, Instant> changedSince(Instant since) {
        Parameters parameters = new Parameters();
        String text = "SELECT key_hash, max(updated_at) AS version FROM api_keys WHERE updated_at >= "
                + parameters.bind(Param.dateTime64(since)) + " GROUP BY key_hash";
        Map<String, Instant> versions = new HashMap<>();
        for (Row row : clickHouse.query(Sql.of(text, parameters)).rows()) {
            versions.put(row.string("key_hash"), row.instant("version"));
        }
        return versions;
    }

    private static Optional<StoredApiKey> first(List<Row> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(stored(rows.getFirst()));
    }

    private static StoredApiKey stored(Row row) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (Object name : row.list("scopes")) {
            Scope.fromPublicName(name.toString()).ifPresent(scopes::add);
        }
        @Nullable Instant revokedAt = row.instant("revoked_at");
        ApiKey key = new ApiKey(row.string("id"), row.string("workspace_id"), row.string("name"), scopes,
                row.instant("created_at"), revokedAt);
        return new StoredApiKey(key, row.string("key_hash"), row.instant("updated_at"));
    }

    /** A key with what only the store needs: its secret's hash and its latest version time. */
    record StoredApiKey(ApiKey key, String keyHash, Instant updatedAt) {
    }
}
