package dev.tally.auth;

import dev.tally.sql.ApiKeySql;
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
    private final ClickHouse clickHouse;

    ApiKeyRepository(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    /** Writes a version of {@code key}; {@code updatedAt} must be later than the key's previous version. */
    void write(ApiKey key, String keyHash, Instant updatedAt) {
        List<String> scopes = key.scopes().stream().map(Scope::publicName).sorted().toList();
        clickHouse.execute(ApiKeySql.write(key.id(), key.workspaceId(), key.name(), keyHash, scopes, key.createdAt(), key.revokedAt(),
                updatedAt));
    }

    Optional<StoredApiKey> findByHash(String keyHash) {
        return first(clickHouse.query(ApiKeySql.byHash(keyHash)).rows());
    }

    Optional<StoredApiKey> find(String workspaceId, String keyId) {
        return first(clickHouse.query(ApiKeySql.byId(workspaceId, keyId)).rows());
    }

    List<ApiKey> list(String workspaceId) {
        List<ApiKey> keys = new ArrayList<>();
        for (Row row : clickHouse.query(ApiKeySql.list(workspaceId)).rows()) {
            keys.add(stored(row).key());
        }
        return keys;
    }

    /**
     * Hashes of keys with a version written at or after {@code since}, each with its latest version time:
     * what the revocation poll invalidates.
     */
    Map<String, Instant> changedSince(Instant since) {
        Map<String, Instant> versions = new HashMap<>();
        for (Row row : clickHouse.query(ApiKeySql.changedSince(since)).rows()) {
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
