package dev.tally.api.export;

/** Too many exports running for the key or the instance: a 429 with {@code Retry-After}. */
final class ExportBusyException extends RuntimeException {
    ExportBusyException(String message) {
        super(message, null, false, false);
    }
}
