package dev.tally.api.error;

import dev.tally.query.QueryException;
import jakarta.inject.Singleton;

/** A refused query is a 400 whose message names the parameter, in the format of whichever surface was asked (every surface reads its range and filters through {@code query}, so one handler serves them all). */
@Singleton
final class QueryExceptionHandler extends SurfaceExceptionHandler<QueryException> {
    QueryExceptionHandler(ErrorFormats formats) {
        super(formats);
    }

    @Override
    protected ApiError error(QueryException exception) {
        return new ApiError(ErrorCode.BAD_REQUEST, exception.getMessage());
    }
}
