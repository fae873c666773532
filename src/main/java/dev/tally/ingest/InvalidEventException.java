package dev.tally.ingest;

/** An event that can't be stored, with the code and message the API reports for it. */
public final class InvalidEventException extends RuntimeException {
    private final RejectionCode code;

    public InvalidEventException(RejectionCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public RejectionCode code() {
        return code;
    }
}
