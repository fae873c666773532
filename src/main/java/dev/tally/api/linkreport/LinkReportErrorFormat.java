package dev.tally.api.linkreport;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.PathErrorFormat;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * {@code GET /api/v1/analytics/{link_id}} (seeds/002): {@code {"success": false, "error": {"code":
 * "NOT_FOUND", "message": "…"}}}, codes in upper snake case; a 429 adds {@code details.retry_after}.
 * Ordered after {@link ClicksViewsErrorFormat}, whose two paths have the same shape.
 */
@Singleton
public final class LinkReportErrorFormat extends PathErrorFormat {
    public LinkReportErrorFormat() {
        super("/api/v1/analytics/[^/]+/?", 20);
    }

    @Override
    public Object body(ApiError error) {
        Details details = error.retryAfterSeconds() == null ? null : new Details(error.retryAfterSeconds());
        return new Body(false, new Detail(code(error.code()), error.message(), details));
    }

    private static String code(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST -> "VALIDATION_ERROR";
            case UNAUTHORIZED -> "UNAUTHORIZED";
            case FORBIDDEN -> "FORBIDDEN";
            case NOT_FOUND -> "NOT_FOUND";
            case METHOD_NOT_ALLOWED -> "METHOD_NOT_ALLOWED";
            case REQUEST_TIMEOUT -> "REQUEST_TIMEOUT";
            case CONFLICT -> "CONFLICT";
            case PAYLOAD_TOO_LARGE -> "PAYLOAD_TOO_LARGE";
            case UNSUPPORTED_MEDIA_TYPE -> "UNSUPPORTED_MEDIA_TYPE";
            case UNPROCESSABLE -> "VALIDATION_ERROR";
            case RATE_LIMITED -> "RATE_LIMIT_EXCEEDED";
            case INTERNAL -> "INTERNAL_ERROR";
            case UNAVAILABLE -> "SERVICE_UNAVAILABLE";
        };
    }

    @Serdeable
    record Body(boolean success, Detail error) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Detail(String code, String message, @Nullable Details details) {
    }

    @Serdeable
    record Details(long retry_after) {
    }
}
