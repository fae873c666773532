package dev.tally.auth;

import dev.tally.base.RandomIds;
import dev.tally.store.RowVersions;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Issuing, listing and revoking a workspace's API keys. Every operation names the workspace, and a key id
 * of another workspace is treated exactly like one that does not exist.
 */
@Singleton
public final class ApiKeys {
    private final ApiKeyRepository repository;
    private final CredentialCache cache;
    private final ApplicationEventPublisher<ApiKeyRevoked> revokedKeys;

    ApiKeys(ApiKeyRepository repository, CredentialCache cache, ApplicationEventPublisher<ApiKeyRevoked> revokedKeys) {
        this.repository = repository;
        this.cache = cache;
        this.revokedKeys = revokedKeys;
    }

    /** Creates a key and returns it with its secret, which exists nowhere else from here on. */
    public IssuedApiKey issue(String workspaceId, String name, Set<Scope> scopes) {
        String secret = ApiKeySecret.generate();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ApiKey key = new ApiKey(RandomIds.apiKey(), workspaceId, name, scopes, now, null);
        String hash = ApiKeySecret.hash(secret);
        repository.write(key, hash, now);
        // A request may have tried this very secret before it existed (and cached "unknown"); unlikely, but cheap.
        cache.invalidateKey(hash);
        return new IssuedApiKey(key, secret);
    }

    public List<ApiKey> list(String workspaceId) {
        return repository.list(workspaceId);
    }

    public Optional<ApiKey> find(String workspaceId, String keyId) {
        return repository.find(workspaceId, keyId).map(ApiKeyRepository.StoredApiKey::key);
    }

    /**
     * Revokes a key; it stops authenticating at once on this instance and, through the poll in
     * {@link CredentialCache}, within about a second on every other instance. Revoking twice keeps the
     * first revocation time. Empty when the workspace has no such key.
     */
    public Optional<ApiKey> revoke(String workspaceId, String keyId) {
        return repository.find(workspaceId, keyId).map(stored -> {
            if (stored.key().revoked()) {
                return stored.key();
            }
            Instant revokedAt = RowVersions.after(Instant.now(), stored.updatedAt());
            ApiKey old = stored.key();
            ApiKey revoked = new ApiKey(old.id(), old.workspaceId(), old.name(), old.scopes(), old.createdAt(), revokedAt);
            repository.write(revoked, stored.keyHash(), revokedAt);
            cache.invalidateKey(stored.keyHash());
            revokedKeys.publishEvent(new ApiKeyRevoked(revoked));
            return revoked;
        });
    }
}
