package dev.tally.api.ingest;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.ErrorFormats;
import dev.tally.api.error.SurfaceExceptionHandler;
import dev.tally.ingest.TrackJournalFullException;
import jakarta.inject.Singleton;

/** The track journal is full (the engine is down or far behind): 503 {@code unavailable} with Retry-After, nothing acknowledged. */
@Singleton
final class TrackJournalFullHandler extends SurfaceExceptionHandler<TrackJournalFullException> {
    private static final long RETRY_AFTER_SECONDS = 5;

    TrackJournalFullHandler(ErrorFormats formats) {
        super(formats);
    }

    @Override
    protected ApiError error(TrackJournalFullException e) {
        return new ApiError(ErrorCode.UNAVAILABLE, e.getMessage(), RETRY_AFTER_SECONDS, "unavailable", null);
    }
}
