package dev.tally.api.ingest;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.ErrorFormats;
import dev.tally.api.error.SurfaceExceptionHandler;
import dev.tally.ingest.BatchTooLargeException;
import jakarta.inject.Singleton;

/** A batch over the configured bytes or lines: 413 {@code batch_too_large}, nothing written. */
@Singleton
final class BatchTooLargeHandler extends SurfaceExceptionHandler<BatchTooLargeException> {
    BatchTooLargeHandler(ErrorFormats formats) {
        super(formats);
    }

    @Override
    protected ApiError error(BatchTooLargeException e) {
        return ApiError.specific(ErrorCode.PAYLOAD_TOO_LARGE, "batch_too_large", e.getMessage());
    }
}
