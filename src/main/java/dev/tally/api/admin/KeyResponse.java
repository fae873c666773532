package dev.tally.api.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.auth.ApiKey;
import dev.tally.auth.Scope;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * An API key as the admin API shows it. {@code key}, the secret, is present only in the answer to the
 * request that created it; Tally cannot show it again (it keeps only a hash).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record KeyResponse(String id,
                   @JsonProperty("workspace_id") String workspaceId,
                   String name,
                   List<String> scopes,
                   @JsonProperty("created_at") Instant createdAt,
                   @Nullable @JsonProperty("revoked_at") Instant revokedAt,
                   @Nullable String key) {
    static KeyResponse from(ApiKey key) {
        return withSecret(key, null);
    }

    static KeyResponse withSecret(ApiKey key, @Nullable String secret) {
        List<String> scopes = key.scopes().stream().map(Scope::publicName).sorted().toList();
        return new KeyResponse(key.id(), key.workspaceId(), key.name(), scopes, key.createdAt(), key.revokedAt(), secret);
    }

    @Override
    public String toString() {
        return "KeyResponse[id=" + id + ", workspaceId=" + workspaceId + ", secret=" + (key == null ? "none" : "(hidden)") + "]";
    }
}
