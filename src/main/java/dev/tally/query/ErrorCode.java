package dev.tally.query;

/** Why a request's parameters were refused; each surface maps these to its own error format (all 400s). */
public enum ErrorCode {
    UNKNOWN_PARAMETER,
    REPEATED_PARAMETER,
    EMPTY_VALUE,
    BAD_ENUM,
    BAD_DATE,
    DATE_OUT_OF_RANGE,
    MISSING_PARAMETER,
    END_BEFORE_START,
    RANGE_TOO_LARGE,
    UNKNOWN_TIME_ZONE,
    BAD_COUNTRY,
    BAD_CONTINENT,
    BAD_NUMBER,
    LIMIT_TOO_LARGE,
    MISSING_DEPENDENCY,
    NOT_APPLICABLE,
    VALUE_TOO_LONG
}
