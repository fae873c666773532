package dev.tally.ingest;

/** A request body over the configured bytes or lines: refused whole (413), nothing written. */
public final class BatchTooLargeException extends RuntimeException {
    public BatchTooLargeException(String message) {
        super(message, null, false, false);
    }
}
