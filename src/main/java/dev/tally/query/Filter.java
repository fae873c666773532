package dev.tally.query;

import java.util.List;
import java.util.Objects;

/** Keep events whose {@code dimension} is (or, excluding, is not) one of {@code values}. */
public record Filter(Dimension dimension, Operator operator, List<String> values) {
    public Filter {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(operator, "operator");
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a filter needs at least one value");
        }
    }

    public static Filter including(Dimension dimension, String... values) {
        return new Filter(dimension, Operator.INCLUDE, List.of(values));
    }

    public static Filter excluding(Dimension dimension, String... values) {
        return new Filter(dimension, Operator.EXCLUDE, List.of(values));
    }
}
