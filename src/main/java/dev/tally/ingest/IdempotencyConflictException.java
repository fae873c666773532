package dev.tally.ingest;

/** An {@code Idempotency-Key} in use by a running request, or reused with a different body. */
public final class IdempotencyConflictException extends RuntimeException {
    private final boolean inProgress;

    public IdempotencyConflictException(boolean inProgress, String message) {
        super(message, null, false, false);
        this.inProgress = inProgress;
    }

    /** True while the first request with the key is still running (409); false for a changed body (422). */
    public boolean inProgress() {
        return inProgress;
    }
}
