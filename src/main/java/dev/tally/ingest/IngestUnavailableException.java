package dev.tally.ingest;

/** The events could not be committed (engine down, shutting down): nothing is acknowledged (503), retry. */
public final class IngestUnavailableException extends RuntimeException {
    public IngestUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
