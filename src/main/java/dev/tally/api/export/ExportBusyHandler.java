package dev.tally.api.export;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.ErrorFormats;
import dev.tally.api.error.SurfaceExceptionHandler;
import jakarta.inject.Singleton;

/** 429 in the native error format, with {@code Retry-After}. */
@Singleton
final class ExportBusyHandler extends SurfaceExceptionHandler<ExportBusyException> {
    private static final long RETRY_AFTER_SECONDS = 5;

    ExportBusyHandler(ErrorFormats formats) {
        super(formats);
    }

    @Override
    protected ApiError error(ExportBusyException exception) {
        return new ApiError(ErrorCode.RATE_LIMITED, exception.getMessage(), RETRY_AFTER_SECONDS);
    }
}
