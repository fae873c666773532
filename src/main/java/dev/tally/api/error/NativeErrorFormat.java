package dev.tally.api.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tally.ingest.RejectedLine;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Tally's own error shape, used by every path no surface claims (the native analytics, export, ingest,
 * links and admin APIs, and {@code /api/v1/events}, whose seed is Dub-style and uses this very shape):
 * {@code {"error": {"code": "not_found", "message": "…", "doc_url": "https://…#not_found", "request_id": "…"}}}.
 */
@Singleton
public final class NativeErrorFormat implements ErrorFormat {
    /** Where each code is explained; the code is the fragment. */
    public static final String DOC_URL = "https://github.com/tally-dev/tally/blob/main/README.md#errors";

    @Override
    public boolean appliesTo(String path) {
        return true;
    }

    @Override
    public Object body(ApiError error) {
        return body(error, null);
    }

    @Override
    public Object body(ApiError error, @Nullable String requestId) {
        String code = error.detailCode() != null ? error.detailCode() : code(error.code());
        return new Body(new Detail(code, error.message(), DOC_URL + "-" + code, requestId), error.rejected());
    }

    static String code(ErrorCode code) {
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
            case UNPROCESSABLE -> "unprocessable_entity";
            case RATE_LIMITED -> "rate_limit_exceeded";
            case INTERNAL -> "internal_server_error";
            case UNAVAILABLE -> "service_unavailable";
        };
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** {@code rejected}: a batch's refused lines, only on the batch's 422. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(Detail error, @Nullable List<RejectedLine> rejected) {
    }

    /** {@code request_id}: the caller's own {@code X-Request-Id} (RequestIds), so a report names the log lines to read. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String code, String message, String doc_url, @Nullable String request_id) {
    }
}
