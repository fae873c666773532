package dev.tally.api.error;

import dev.tally.ingest.RejectedLine;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Objects;

/**
 * One public API error before it is given a surface's shape.
 *
 * @param code              the category; decides the HTTP status
 * @param message           precise, human-readable; never contains a secret
 * @param retryAfterSeconds for {@link ErrorCode#RATE_LIMITED}: seconds until a request is accepted again
 * @param detailCode        a code more specific than the category (e.g. {@code key_conflict}), for formats that show one
 * @param rejected          a batch's rejected lines, for formats that list them
 */
public record ApiError(ErrorCode code, String message, @Nullable Long retryAfterSeconds, @Nullable String detailCode,
                       @Nullable List<RejectedLine> rejected) {
    public ApiError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        rejected = rejected == null ? null : List.copyOf(rejected);
    }

    public ApiError(ErrorCode code, String message) {
        this(code, message, null, null, null);
    }

    public ApiError(ErrorCode code, String message, @Nullable Long retryAfterSeconds) {
        this(code, message, retryAfterSeconds, null, null);
    }

    /** An error of {@code code}'s category that the native format names {@code detailCode}. */
    public static ApiError specific(ErrorCode code, String detailCode, String message) {
        return new ApiError(code, message, null, Objects.requireNonNull(detailCode, "detailCode"), null);
    }

    public ApiError withRejected(List<RejectedLine> lines) {
        return new ApiError(code, message, retryAfterSeconds, detailCode, lines);
    }
}
