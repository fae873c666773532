package dev.tally.api.slug;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.PathErrorFormat;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * {@code GET /api/v1/links/{slug}/analytics} (seeds/004): a flat {@code {"error": "not_found", "message":
 * "…", "status": 404}}, codes in snake case ({@code rate_limited} for 429).
 */
@Singleton
public final class SlugAnalyticsErrorFormat extends PathErrorFormat {
    public SlugAnalyticsErrorFormat() {
        super("/api/v1/links/[^/]+/analytics/?", 30);
    }

    @Override
    public Object body(ApiError error) {
        return new Body(code(error.code()), error.message(), error.code().status().getCode());
    }

    private static String code(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST -> "bad_request";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not_found";
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            case REQUEST_TIMEOUT -> "request_timeout";
            case CONFLICT -> "conflict";
            case PAYLOAD_TOO_LARGE -> "payload_too_large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
            case UNPROCESSABLE -> "bad_request";
            case RATE_LIMITED -> "rate_limited";
            case INTERNAL -> "internal_error";
            case UNAVAILABLE -> "service_unavailable";
        };
    }

    @Serdeable
    record Body(String error, String message, int status) {
    }
}
