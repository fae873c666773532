package dev.tally.api.export;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.ErrorFormats;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** 429 in the native error format, with {@code Retry-After}. */
@Singleton
final class ExportBusyHandler implements ExceptionHandler<ExportBusyException, HttpResponse<?>> {
    private static final long RETRY_AFTER_SECONDS = 5;

    private final ErrorFormats formats;

    ExportBusyHandler(ErrorFormats formats) {
        this.formats = formats;
    }

    @Override
    @SuppressWarnings("rawtypes") // the interface declares a raw HttpRequest
    public HttpResponse<?> handle(HttpRequest request, ExportBusyException exception) {
        return formats.respond(request, new ApiError(ErrorCode.RATE_LIMITED, exception.getMessage(), RETRY_AFTER_SECONDS));
    }
}
