package dev.tally.api.error;

import dev.tally.auth.WorkspaceMismatchException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** A request naming a workspace other than its key's: 403 in the surface's format. */
@Singleton
final class WorkspaceMismatchHandler implements ExceptionHandler<WorkspaceMismatchException, HttpResponse<?>> {
    private final ErrorFormats formats;

    WorkspaceMismatchHandler(ErrorFormats formats) {
        this.formats = formats;
    }

    @Override
    @SuppressWarnings("rawtypes") // the interface declares a raw HttpRequest
    public HttpResponse<?> handle(HttpRequest request, WorkspaceMismatchException exception) {
        return formats.respond(request, new ApiError(ErrorCode.FORBIDDEN, exception.getMessage()));
    }
}
