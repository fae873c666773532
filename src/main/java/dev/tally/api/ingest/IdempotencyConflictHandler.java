package dev.tally.api.ingest;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.ErrorFormats;
import dev.tally.api.error.SurfaceExceptionHandler;
import dev.tally.ingest.IdempotencyConflictException;
import jakarta.inject.Singleton;

/** An {@code Idempotency-Key} still in use (409) or reused with another body (422). */
@Singleton
final class IdempotencyConflictHandler extends SurfaceExceptionHandler<IdempotencyConflictException> {
    IdempotencyConflictHandler(ErrorFormats formats) {
        super(formats);
    }

    @Override
    protected ApiError error(IdempotencyConflictException e) {
        return e.inProgress()
                ? ApiError.specific(ErrorCode.CONFLICT, "idempotency_key_in_use", e.getMessage())
                : ApiError.specific(ErrorCode.UNPROCESSABLE, "idempotency_key_reused", e.getMessage());
    }
}
