package dev.tally.sql;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One bound query parameter: its ClickHouse type and its value in ClickHouse's text ("escaped") form,
 * which is what both engines take for {@code {name:Type}} placeholders (chDB's params API and the
 * HTTP interface's {@code param_name}). Values are built only through the factories below, which
 * range-check numbers in Java because ClickHouse silently wraps an out-of-range integer parameter.
 */
public record Param(String type, String text) {
    public Param {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
    }

    public static Param string(String value) {
        return new Param("String", escaped(Objects.requireNonNull(value, "value")));
    }

    public static Param strings(Collection<String> values) {
        return new Param("Array(String)", values.stream().map(Param::quoted).collect(Collectors.joining(",", "[", "]")));
    }

    public static Param int64(long value) {
        return new Param("Int64", Long.toString(value));
    }

    public static Param uint64(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("UInt64 parameter must not be negative: " + value);
        }
        return new Param("UInt64", Long.toString(value));
    }

    public static Param uint32(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("UInt32 parameter out of range: " + value);
        }
        return new Param("UInt32", Long.toString(value));
    }

    public static Param uint8(int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("UInt8 parameter out of range: " + value);
        }
        return new Param("UInt8", Integer.toString(value));
    }

    public static Param float64(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("Float64 parameter must be finite: " + value);
        }
        return new Param("Float64", Double.toString(value));
    }

    public static Param bool(boolean value) {
        return new Param("Bool", value ? "true" : "false");
    }

    /** A UTC instant with millisecond precision, the type of every event timestamp. */
    public static Param dateTime64(Instant value) {
        return new Param("DateTime64(3, 'UTC')", DateTime64Text.format(value));
    }

    public static Param date(LocalDate value) {
        return new Param("Date", value.toString());
    }

    /** ClickHouse's escaped text form: the backslash sequences its TSV reader undoes. */
    static String escaped(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append("\\0");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A single-quoted ClickHouse string literal, as array elements are written. */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append("\\0");
                default -> out.append(c);
            }
        }
        return out.append('\'').toString();
    }
}
