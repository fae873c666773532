package dev.tally.api.clicks;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.PathErrorFormat;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * {@code GET /api/v1/analytics/clicks|views} (seeds/000): the seed's API answers
 * {@code {"error": {"code": "rate_limit_exceeded", "message": "…", "retry_after": 12}}}, codes in snake case.
 */
@Singleton
public final class ClicksViewsErrorFormat extends PathErrorFormat {
    public ClicksViewsErrorFormat() {
        super("/api/v1/analytics/(clicks|views)/?", 10);
    }

    @Override
    public Object body(ApiError error) {
        return new Body(new Detail(code(error.code()), error.message(), error.retryAfterSeconds()));
    }

    private static String code(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST -> "validation_error";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not_found";
            case METHOD_NOT_ALLOWED -> "method_not_allowed";
            case REQUEST_TIMEOUT -> "request_timeout";
            case CONFLICT -> "conflict";
            case PAYLOAD_TOO_LARGE -> "payload_too_large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
            case UNPROCESSABLE -> "validation_error";
            case RATE_LIMITED -> "rate_limit_exceeded";
            case INTERNAL -> "internal_error";
            case UNAVAILABLE -> "service_unavailable";
        };
    }

    @Serdeable
    record Body(Detail error) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Detail(String code, String message, @Nullable Long retry_after) {
    }
}
