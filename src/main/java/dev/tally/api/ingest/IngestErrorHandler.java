package dev.tally.api.ingest;

import dev.tally.ingest.BatchTooLargeException;
import dev.tally.ingest.IdempotencyConflictException;
import dev.tally.ingest.IngestUnavailableException;
import dev.tally.ingest.InvalidEventException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;

/**
 * Ingest failures in Tally's native error format; each kind its own status, never a 500 for bad input.
 * Global handlers, but only for the ingest package's own exceptions.
 */
@Controller
final class IngestErrorHandler {

    @Error(global = true, exception = InvalidEventException.class)
    HttpResponse<ApiError> invalid(HttpRequest<?> request, InvalidEventException e) {
        HttpStatus status = switch (e.code()) {
            case LINK_NOT_FOUND, CLICK_NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID_JSON, UNKNOWN_EVENT_TYPE, INVALID_FIELD, BAD_TIMESTAMP, LINE_TOO_LONG, INVALID_ENCODING -> HttpStatus.BAD_REQUEST;
            case CONCURRENT_RETRY_FAILED -> HttpStatus.CONFLICT;
        };
        return HttpResponse.<ApiError>status(status).body(ApiError.of(e.code().publicName(), e.getMessage()));
    }

    @Error(global = true, exception = BatchTooLargeException.class)
    HttpResponse<ApiError> tooLarge(HttpRequest<?> request, BatchTooLargeException e) {
        return HttpResponse.<ApiError>status(HttpStatus.REQUEST_ENTITY_TOO_LARGE).body(ApiError.of("batch_too_large", e.getMessage()));
    }

    @Error(global = true, exception = UploadRefusedException.class)
    HttpResponse<ApiError> uploadRefused(HttpRequest<?> request, UploadRefusedException e) {
        return HttpResponse.<ApiError>status(e.status()).body(ApiError.of(e.code(), e.getMessage()));
    }

    @Error(global = true, exception = IdempotencyConflictException.class)
    HttpResponse<ApiError> idempotency(HttpRequest<?> request, IdempotencyConflictException e) {
        return e.inProgress()
                ? HttpResponse.<ApiError>status(HttpStatus.CONFLICT).body(ApiError.of("idempotency_key_in_use", e.getMessage()))
                : HttpResponse.<ApiError>status(HttpStatus.UNPROCESSABLE_ENTITY).body(ApiError.of("idempotency_key_reused", e.getMessage()));
    }

    @Error(global = true, exception = IngestUnavailableException.class)
    HttpResponse<ApiError> unavailable(HttpRequest<?> request, IngestUnavailableException e) {
        return HttpResponse.<ApiError>status(HttpStatus.SERVICE_UNAVAILABLE).body(ApiError.of("unavailable", e.getMessage()));
    }
}
