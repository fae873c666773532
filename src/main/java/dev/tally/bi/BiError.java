package dev.tally.bi;

/**
 * The ClickHouse error codes the BI endpoint answers with itself, with the HTTP status ClickHouse's own
 * HTTP interface gives them. Refusals are {@link #ACCESS_DENIED}: the official driver retries 159, 164
 * and 241 but not 497.
 */
public enum BiError {
    ACCESS_DENIED(497, 403),
    AUTHENTICATION_FAILED(516, 401),
    TOO_MANY_SIMULTANEOUS_QUERIES(202, 429),
    UNKNOWN_SETTING(115, 400),
    UNKNOWN_FORMAT(73, 400),
    BAD_ARGUMENTS(36, 400),
    SYNTAX_ERROR(62, 400),
    NOT_IMPLEMENTED(48, 501),
    QUERY_WAS_CANCELLED(394, 500),
    UNKNOWN_DATABASE(81, 404),
    STD_EXCEPTION(1001, 500);

    private final int code;
    private final int httpStatus;

    BiError(int code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public int code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
