package dev.tally.api.ingest;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.ErrorFormats;
import dev.tally.api.error.SurfaceExceptionHandler;
import dev.tally.ingest.InvalidEventException;
import jakarta.inject.Singleton;

/** A refused tracking event: 400, or 404 for an unknown link or click, 409 for a retry that lost a race; never a 500. */
@Singleton
final class InvalidEventHandler extends SurfaceExceptionHandler<InvalidEventException> {
    InvalidEventHandler(ErrorFormats formats) {
        super(formats);
    }

    @Override
    protected ApiError error(InvalidEventException e) {
        ErrorCode category = switch (e.code()) {
            case LINK_NOT_FOUND, CLICK_NOT_FOUND -> ErrorCode.NOT_FOUND;
            case INVALID_JSON, UNKNOWN_EVENT_TYPE, INVALID_FIELD, BAD_TIMESTAMP, LINE_TOO_LONG, INVALID_ENCODING -> ErrorCode.BAD_REQUEST;
            case CONCURRENT_RETRY_FAILED -> ErrorCode.CONFLICT;
        };
        return ApiError.specific(category, e.code().publicName(), e.getMessage());
    }
}
