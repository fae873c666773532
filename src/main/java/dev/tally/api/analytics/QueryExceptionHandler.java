package dev.tally.api.analytics;

import dev.tally.query.QueryException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/** A refused query is a 400 in the native error format, naming the parameter in its message. */
@Singleton
final class QueryExceptionHandler implements ExceptionHandler<QueryException, HttpResponse<?>> {
    static final String DOC_URL = "https://tally.dev/docs/api/errors#bad-request";

    @Override
    @SuppressWarnings("rawtypes") // the interface declares a raw HttpRequest
    public HttpResponse<?> handle(HttpRequest request, QueryException exception) {
        return HttpResponse.badRequest(new Body(new Error("bad_request", exception.getMessage(), DOC_URL)));
    }

    @Serdeable
    record Body(Error error) {
    }

    @Serdeable
    record Error(String code, String message, String doc_url) {
    }
}
