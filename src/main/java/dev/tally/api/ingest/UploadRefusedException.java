package dev.tally.api.ingest;

import io.micronaut.http.HttpStatus;

/** A batch upload refused for how it arrives, not for what it holds: too many at once (429), too slow (408). */
final class UploadRefusedException extends RuntimeException {
    private final HttpStatus status;
    private final String code;

    UploadRefusedException(HttpStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }
}
