package dev.tally.api.error;

import jakarta.inject.Singleton;

/** Renders an {@link ApiException} in the requesting surface's format. */
@Singleton
final class ApiExceptionHandler extends SurfaceExceptionHandler<ApiException> {
    ApiExceptionHandler(ErrorFormats formats) {
        super(formats);
    }

    @Override
    protected ApiError error(ApiException exception) {
        return exception.error();
    }
}
