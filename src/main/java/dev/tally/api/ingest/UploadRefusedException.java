package dev.tally.api.ingest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;

/** A batch upload refused for how it arrives, not for what it holds: too many at once (429), too slow (408). */
final class UploadRefusedException extends RuntimeException {
    private final HttpStatus status;
    private final String code;
    private final Long retryAfterSeconds;

    UploadRefusedException(HttpStatus status, String code, String message) {
        this(status, code, message, null);
    }

    UploadRefusedException(HttpStatus status, String code, String message, @Nullable Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }

    /** Seconds the client should wait before sending it again; null when a retry as it is would not help. */
    @Nullable
    Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
