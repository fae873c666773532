package dev.tally.auth;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An API key as stored, without its secret (only the secret's hash is ever stored, and it is not part of
 * this value either).
 *
 * @param id          {@code key_…}, public; names the key in the admin API
 * @param workspaceId the one workspace the key acts for
 * @param scopes      the Micronaut Security roles the key's authentication carries
 * @param revokedAt   set once revoked; a revoked key authenticates nothing
 */
public record ApiKey(String id, String workspaceId, String name, Set<Scope> scopes, Instant createdAt,
                     @Nullable Instant revokedAt) {
    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        scopes = Set.copyOf(scopes);
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
