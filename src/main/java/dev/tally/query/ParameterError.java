package dev.tally.query;

/** Why a request's parameters were refused (all 400s; each surface words the answer in its own error format). */
public enum ParameterError {
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
