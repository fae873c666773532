package dev.tally.api.error;

import io.micronaut.core.annotation.Nullable;

import java.util.Objects;

/**
 * One public API error before it is given a surface's shape.
 *
 * @param code              the category; decides the HTTP status
 * @param message           precise, human-readable; never contains a secret
 * @param retryAfterSeconds for {@link ErrorCode#RATE_LIMITED}: seconds until a request is accepted again
 */
public record ApiError(ErrorCode code, String message, @Nullable Long retryAfterSeconds) {
    public ApiError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public ApiError(ErrorCode code, String message) {
        this(code, message, null);
    }
}
