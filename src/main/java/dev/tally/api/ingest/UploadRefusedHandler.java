package dev.tally.api.ingest;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.ErrorFormats;
import dev.tally.api.error.SurfaceExceptionHandler;
import jakarta.inject.Singleton;

/** An upload refused before it is read (too many at once for the key, a body that stalls or lies about its encoding). */
@Singleton
final class UploadRefusedHandler extends SurfaceExceptionHandler<UploadRefusedException> {
    UploadRefusedHandler(ErrorFormats formats) {
        super(formats);
    }

    @Override
    protected ApiError error(UploadRefusedException e) {
        return new ApiError(ErrorCode.forStatus(e.status().getCode()), e.getMessage(), e.retryAfterSeconds(), e.code(), null);
    }
}
