package dev.tally.query;

import java.util.Objects;

/** A request's parameters cannot make a valid query; {@code message} names the parameter and what is wrong. */
public final class QueryException extends RuntimeException {
    private final ParameterError code;
    private final String parameter;

    public QueryException(ParameterError code, String parameter, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.parameter = Objects.requireNonNull(parameter, "parameter");
    }

    public ParameterError code() {
        return code;
    }

    /** The offending query parameter. */
    public String parameter() {
        return parameter;
    }
}
