package dev.tally.api.ingest;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.ErrorFormats;
import dev.tally.api.error.SurfaceExceptionHandler;
import dev.tally.ingest.IngestUnavailableException;
import jakarta.inject.Singleton;

/** Events that could not be committed: 503 {@code unavailable}, nothing acknowledged, safe to retry. */
@Singleton
final class IngestUnavailableHandler extends SurfaceExceptionHandler<IngestUnavailableException> {
    IngestUnavailableHandler(ErrorFormats formats) {
        super(formats);
    }

    @Override
    protected ApiError error(IngestUnavailableException e) {
        return ApiError.specific(ErrorCode.UNAVAILABLE, "unavailable", e.getMessage());
    }
}
