package dev.tally.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One result row. Values are typed by {@link ValueDecoder}: integers are {@code Long} (or
 * {@code BigInteger} past 2^63), floats {@code Double}, decimals {@code BigDecimal}, strings
 * {@code String}, {@code DateTime}/{@code DateTime64} {@code Instant}, {@code Date} {@code LocalDate},
 * arrays {@code List}, and SQL NULL {@code null}.
 */
public final class Row {
    private final Map<String, Integer> indexByName;
    private final Object[] values;

    Row(Map<String, Integer> indexByName, Object[] values) {
        this.indexByName = indexByName;
        this.values = values;
    }

    public Object get(int index) {
        return values[index];
    }

    public Object get(String column) {
        Integer index = indexByName.get(column);
        if (index == null) {
            throw new IllegalArgumentException("no column " + column + " in " + indexByName.keySet());
        }
        return values[index];
    }

    public String string(String column) {
        Object value = get(column);
        return value == null ? null : value.toString();
    }

    public long longValue(String column) {
        return switch (get(column)) {
            case Long l -> l;
            case BigInteger b -> b.longValueExact();
            case Number n -> n.longValue();
            case null -> throw new IllegalStateException("column " + column + " is NULL");
            default -> throw new IllegalStateException("column " + column + " is not a number");
        };
    }

    public double doubleValue(String column) {
        return switch (get(column)) {
            case Number n -> n.doubleValue();
            case null -> throw new IllegalStateException("column " + column + " is NULL");
            default -> throw new IllegalStateException("column " + column + " is not a number");
        };
    }

    public BigDecimal decimal(String column) {
        return switch (get(column)) {
            case BigDecimal d -> d;
            case Long l -> BigDecimal.valueOf(l);
            case BigInteger b -> new BigDecimal(b);
            case Number n -> BigDecimal.valueOf(n.doubleValue());
            case null -> null;
            default -> throw new IllegalStateException("column " + column + " is not a number");
        };
    }

    public Instant instant(String column) {
        return (Instant) get(column);
    }

    public LocalDate date(String column) {
        return (LocalDate) get(column);
    }

    @SuppressWarnings("unchecked")
    public <T> List<T> list(String column) {
        return (List<T>) get(column);
    }

    public int width() {
        return values.length;
    }

    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}
