package dev.tally.api.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Renders an {@link ApiException} in the requesting surface's format. */
@Singleton
final class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<?>> {
    private final ErrorFormats formats;

    ApiExceptionHandler(ErrorFormats formats) {
        this.formats = formats;
    }

    @Override
    @SuppressWarnings("rawtypes") // the interface declares a raw HttpRequest
    public HttpResponse<?> handle(HttpRequest request, ApiException exception) {
        return formats.respond(request, exception.error());
    }
}
