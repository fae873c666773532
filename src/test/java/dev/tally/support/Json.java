package dev.tally.support;

import java.util.List;

/** A minimal JSON object writer for fixtures (strings, numbers, booleans, string lists). */
final class Json {
    private Json() {
    }

    static String object(Object... keysAndValues) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            out.append(string((String) keysAndValues[i])).append(':').append(value(keysAndValues[i + 1]));
        }
        return out.append('}').toString();
    }

    private static String value(Object value) {
        return switch (value) {
            case String s -> string(s);
            case Boolean b -> b.toString();
            case Number n -> n.toString();
            case List<?> list -> list.stream().map(Json::value).reduce((a, b) -> a + "," + b).map(s -> "[" + s + "]").orElse("[]");
            default -> throw new IllegalArgumentException("unsupported JSON value " + value);
        };
    }

    static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
