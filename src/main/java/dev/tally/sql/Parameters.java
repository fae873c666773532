package dev.tally.sql;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameter sink SQL builders write into: {@link #bind} records a value and returns its placeholder,
 * so a fragment of text never exists without its values. Names are p1, p2, … in binding order.
 */
public final class Parameters {
    private final Map<String, Param> bound = new LinkedHashMap<>();

    /** Binds the value and returns its placeholder, e.g. {@code {p3:Array(String)}}. */
    public String bind(Param param) {
        String name = "p" + (bound.size() + 1);
        bound.put(name, param);
        return "{" + name + ":" + param.type() + "}";
    }

    Map<String, Param> bound() {
        return Map.copyOf(bound);
    }
}
