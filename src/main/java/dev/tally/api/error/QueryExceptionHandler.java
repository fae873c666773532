package dev.tally.api.error;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.ErrorFormats;
import dev.tally.query.QueryException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * A refused query is a 400 whose message names the parameter, in the format of whichever surface was
 * asked (every surface parses through {@code QueryParser}, so one handler serves them all).
 */
@Singleton
final class QueryExceptionHandler implements ExceptionHandler<QueryException, HttpResponse<?>> {
    private final ErrorFormats formats;

    QueryExceptionHandler(ErrorFormats formats) {
        this.formats = formats;
    }

    @Override
    @SuppressWarnings("rawtypes") // the interface declares a raw HttpRequest
    public HttpResponse<?> handle(HttpRequest request, QueryException exception) {
        return formats.respond(request, new ApiError(ErrorCode.BAD_REQUEST, exception.getMessage()));
    }
}
