package dev.tally.auth;

import java.util.Objects;

/**
 * A key just created, with its secret: the only moment the secret exists outside its holder. Return it
 * once and drop it; {@link #toString()} leaves the secret out so it cannot reach a log by accident.
 */
public record IssuedApiKey(ApiKey key, String secret) {
    public IssuedApiKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "IssuedApiKey[key=" + key + ", secret=(hidden)]";
    }
}
