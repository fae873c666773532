package dev.tally.api.links;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.ErrorFormats;
import dev.tally.api.error.SurfaceExceptionHandler;
import dev.tally.links.LinkException;
import jakarta.inject.Singleton;

/** Link failures: 400 invalid, 404 unknown (or another workspace's), 409 key taken. */
@Singleton
final class LinkExceptionHandler extends SurfaceExceptionHandler<LinkException> {
    LinkExceptionHandler(ErrorFormats formats) {
        super(formats);
    }

    @Override
    protected ApiError error(LinkException e) {
        return switch (e.reason()) {
            case INVALID -> ApiError.specific(ErrorCode.BAD_REQUEST, "invalid_link", e.getMessage());
            case NOT_FOUND -> ApiError.specific(ErrorCode.NOT_FOUND, "link_not_found", e.getMessage());
            case CONFLICT -> ApiError.specific(ErrorCode.CONFLICT, "key_conflict", e.getMessage());
        };
    }
}
