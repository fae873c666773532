package dev.tally.sql;

import java.util.Map;
import java.util.Objects;

/**
 * A statement as one immutable value: text holding only {@code {name:Type}} placeholders, and the values
 * bound to them. No user value is ever part of {@code text}.
 */
public record Sql(String text, Map<String, Param> params) {
    public Sql {
        Objects.requireNonNull(text, "text");
        params = Map.copyOf(params);
    }

    /** A statement without parameters (DDL, constant queries). */
    public static Sql of(String text) {
        return new Sql(text, Map.of());
    }

    /** A statement whose placeholders are bound by the given sink. */
    public static Sql of(String text, Parameters parameters) {
        return new Sql(text, parameters.bound());
    }
}
