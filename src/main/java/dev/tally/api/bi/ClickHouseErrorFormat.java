package dev.tally.api.bi;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.PathErrorFormat;
import dev.tally.bi.BiError;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Errors the framework answers on its own under {@code /clickhouse} (a method the route does not take, a body
 * not in its declared encoding, …) in ClickHouse's error contract, as the endpoint's own refusals are: the
 * text {@code Code: N. DB::Exception: …} and {@code X-ClickHouse-Exception-Code}, which the driver reads.
 */
@Singleton
public final class ClickHouseErrorFormat extends PathErrorFormat {
    public ClickHouseErrorFormat() {
        super("/clickhouse(/.*)?", 5);
    }

    @Override
    public Object body(ApiError error) {
        BiError kind = kind(error.code());
        return "Code: " + kind.code() + ". DB::Exception: " + error.message() + " (" + kind.name() + ")\n";
    }

    @Override
    public Map<String, String> headers(ApiError error) {
        return Map.of("X-ClickHouse-Exception-Code", Integer.toString(kind(error.code()).code()));
    }

    private static BiError kind(ErrorCode code) {
        return switch (code) {
            case UNAUTHORIZED -> BiError.AUTHENTICATION_FAILED;
            case FORBIDDEN -> BiError.ACCESS_DENIED;
            case RATE_LIMITED -> BiError.TOO_MANY_SIMULTANEOUS_QUERIES;
            case METHOD_NOT_ALLOWED -> BiError.NOT_IMPLEMENTED;
            case INTERNAL, UNAVAILABLE -> BiError.STD_EXCEPTION;
            case NOT_FOUND -> BiError.UNKNOWN_DATABASE;
            case BAD_REQUEST, REQUEST_TIMEOUT, CONFLICT, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, UNPROCESSABLE -> BiError.BAD_ARGUMENTS;
        };
    }
}
