package dev.tally.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one JSON value of a ClickHouse column into its Java value, chosen once per column from the
 * column's type. Relies on the engines' output settings: 64-bit integers unquoted and
 * {@code date_time_output_format=iso} (so a DateTime is an ISO instant in UTC).
 */
@FunctionalInterface
interface ValueDecoder {
    Object decode(JsonParser parser) throws IOException;

    static ValueDecoder forType(String type) {
        String inner = unwrap(type);
        if (inner.startsWith("Array(")) {
            ValueDecoder element = forType(inner.substring("Array(".length(), inner.length() - 1));
            return parser -> parser.currentToken() == JsonToken.VALUE_NULL ? null : readArray(parser, element);
        }
        ValueDecoder scalar = scalarDecoder(inner);
        return parser -> parser.currentToken() == JsonToken.VALUE_NULL ? null : scalar.decode(parser);
    }

    private static ValueDecoder scalarDecoder(String type) {
        if (type.matches("U?Int(8|16|32|64)")) {
            return parser -> parser.currentToken() == JsonToken.VALUE_STRING
                    ? narrow(new BigInteger(parser.getText()))
                    : narrow(parser.getBigIntegerValue());
        }
        if (type.matches("U?Int(128|256)")) {
            return parser -> new BigInteger(parser.getText());
        }
        if (type.startsWith("Float") || type.equals("BFloat16")) {
            return parser -> parser.currentToken() == JsonToken.VALUE_STRING
                    ? Double.valueOf(parser.getText())
                    : parser.getDoubleValue();
        }
        if (type.startsWith("Decimal")) {
            return parser -> new BigDecimal(parser.getText());
        }
        if (type.equals("Bool")) {
            return JsonParser::getBooleanValue;
        }
        if (type.startsWith("DateTime")) {
            return parser -> Instant.parse(parser.getText());
        }
        if (type.equals("Date") || type.equals("Date32")) {
            return parser -> LocalDate.parse(parser.getText());
        }
        if (type.equals("String") || type.startsWith("FixedString") || type.startsWith("Enum")
                || type.equals("UUID") || type.startsWith("IPv")) {
            return JsonParser::getText;
        }
        return ValueDecoder::readAny;
    }

    private static String unwrap(String type) {
        String current = type;
        while (true) {
            if (current.startsWith("LowCardinality(")) {
                current = current.substring("LowCardinality(".length(), current.length() - 1);
            } else if (current.startsWith("Nullable(")) {
                current = current.substring("Nullable(".length(), current.length() - 1);
            } else {
                return current;
            }
        }
    }

    private static Object narrow(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private static List<Object> readArray(JsonParser parser, ValueDecoder element) throws IOException {
        List<Object> values = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            values.add(element.decode(parser));
        }
        return values;
    }

    /** Any other type (tuples, maps, JSON): plain JSON values. */
    private static Object readAny(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_ARRAY -> readArray(parser, ValueDecoder::readAny);
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() != JsonToken.END_OBJECT) {
                    String key = parser.currentName();
                    parser.nextToken();
                    map.put(key, readAny(parser));
                }
                yield map;
            }
            case VALUE_NUMBER_INT -> narrow(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
            case VALUE_NULL -> null;
            default -> parser.getText();
        };
    }
}
