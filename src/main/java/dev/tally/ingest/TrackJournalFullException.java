package dev.tally.ingest;

/** The track journal holds {@code max-bytes} of events the engine has not taken yet: 503 with Retry-After, nothing acknowledged. */
public final class TrackJournalFullException extends RuntimeException {
    public TrackJournalFullException(String message) {
        super(message, null, false, false);
    }
}
