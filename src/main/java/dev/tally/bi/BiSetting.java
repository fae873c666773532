package dev.tally.bi;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings a BI client may send (as URL parameters), each with how its value is checked and bounded.
 * BI tools send these unasked (Grafana {@code max_execution_time}; Metabase, DBeaver, Tableau and the
 * driver {@code max_result_rows}, {@code result_overflow_mode}, {@code extremes}, {@code join_use_nulls},
 * {@code async_insert}). Anything else is refused with {@link BiError#UNKNOWN_SETTING}.
 */
enum BiSetting {
    MAX_EXECUTION_TIME(Kind.BOUNDED),
    MAX_RESULT_ROWS(Kind.BOUNDED),
    MAX_RESULT_BYTES(Kind.BOUNDED),
    MAX_ROWS_TO_READ(Kind.BOUNDED),
    MAX_MEMORY_USAGE(Kind.BOUNDED),
    MAX_THREADS(Kind.BOUNDED),
    MAX_BLOCK_SIZE(Kind.BOUNDED),
    RESULT_OVERFLOW_MODE(Kind.choice("throw", "break")),
    EXTREMES(Kind.BOOLEAN),
    JOIN_USE_NULLS(Kind.BOOLEAN),
    SESSION_TIMEZONE(Kind.TIME_ZONE),
    DATE_TIME_OUTPUT_FORMAT(Kind.choice("simple", "iso", "unix_timestamp")),
    OUTPUT_FORMAT_JSON_QUOTE_64BIT_INTEGERS(Kind.BOOLEAN),
    OUTPUT_FORMAT_JSON_QUOTE_64BIT_FLOATS(Kind.BOOLEAN),
    OUTPUT_FORMAT_JSON_QUOTE_DECIMALS(Kind.BOOLEAN),
    OUTPUT_FORMAT_JSON_QUOTE_DENORMALS(Kind.BOOLEAN),
    OUTPUT_FORMAT_JSON_NAMED_TUPLES_AS_OBJECTS(Kind.BOOLEAN),
    OUTPUT_FORMAT_JSON_ESCAPE_FORWARD_SLASHES(Kind.BOOLEAN),
    OUTPUT_FORMAT_WRITE_STATISTICS(Kind.BOOLEAN),
    OUTPUT_FORMAT_DECIMAL_TRAILING_ZEROS(Kind.BOOLEAN),
    OUTPUT_FORMAT_CSV_CRLF_END_OF_LINE(Kind.BOOLEAN),
    OUTPUT_FORMAT_TSV_CRLF_END_OF_LINE(Kind.BOOLEAN),
    /** Accepted and dropped: nothing is inserted here (the 0.9 driver sends it on every statement). */
    ASYNC_INSERT(Kind.IGNORED),
    WAIT_FOR_ASYNC_INSERT(Kind.IGNORED),
    SEND_PROGRESS_IN_HTTP_HEADERS(Kind.IGNORED),
    /** clickhouse-connect (Superset) sends the next three when system.settings shows them writable. */
    HTTP_HEADERS_PROGRESS_INTERVAL_MS(Kind.IGNORED),
    CANCEL_HTTP_READONLY_QUERIES_ON_CLIENT_CLOSE(Kind.IGNORED),
    DATE_TIME_INPUT_FORMAT(Kind.choice("basic", "best_effort", "best_effort_us")),
    /** Accepted when it asks for what is enforced anyway. */
    READONLY(Kind.choice("1"));

    private static final long MAX_BLOCK_ROWS = 65_536;

    private final Kind kind;

    BiSetting(Kind kind) {
        this.kind = kind;
    }

    String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<BiSetting> named(String name) {
        for (BiSetting setting : values()) {
            if (setting.settingName().equals(name)) {
                return Optional.of(setting);
            }
        }
        return Optional.empty();
    }

    /**
     * The connection argument for {@code value}, bounded by {@code ceiling} where the setting is a limit;
     * empty when the setting is accepted but not passed on.
     */
    Optional<String> argument(String value, BiLimits limits) {
        String checked = switch (kind) {
            case Kind.Bounded bounded -> {
                long requested;
                try {
                    requested = Long.parseLong(value.strip());
                } catch (NumberFormatException e) {
                    throw new BiRefusal(BiError.BAD_ARGUMENTS, "setting " + settingName() + " must be a whole number, not " + value);
                }
                long max = ceiling(limits);
                // 0 means "no limit" in ClickHouse: here it means the ceiling.
                yield Long.toString(requested <= 0 ? max : Math.min(requested, max));
            }
            case Kind.Choice choice -> {
                if (!choice.values().contains(value)) {
                    throw new BiRefusal(BiError.BAD_ARGUMENTS, "setting " + settingName() + " must be one of "
                            + String.join(", ", choice.values().stream().sorted().toList()) + ", not " + value);
                }
                yield value;
            }
            case Kind.TimeZone timeZone -> {
                if (!timeZone.pattern().matcher(value).matches()) {
                    throw new BiRefusal(BiError.BAD_ARGUMENTS, "setting " + settingName() + " must be a time zone name, not " + value);
                }
                yield value;
            }
            case Kind.Ignored ignored -> null;
        };
        return Optional.ofNullable(checked).map(text -> "--" + settingName() + "=" + text);
    }

    /** The bound of a limit setting; also its value when the client sends none. */
    long ceiling(BiLimits limits) {
        return switch (this) {
            case MAX_EXECUTION_TIME -> limits.maxExecutionTimeSeconds();
            case MAX_RESULT_ROWS -> limits.maxResultRows();
            case MAX_RESULT_BYTES -> limits.maxResultBytes();
            case MAX_ROWS_TO_READ -> limits.maxRowsToRead();
            case MAX_MEMORY_USAGE -> limits.maxMemoryUsage();
            case MAX_THREADS -> limits.maxThreads();
            case MAX_BLOCK_SIZE -> MAX_BLOCK_ROWS;
            case RESULT_OVERFLOW_MODE, EXTREMES, JOIN_USE_NULLS, SESSION_TIMEZONE, DATE_TIME_OUTPUT_FORMAT,
                 OUTPUT_FORMAT_JSON_QUOTE_64BIT_INTEGERS, OUTPUT_FORMAT_JSON_QUOTE_64BIT_FLOATS,
                 OUTPUT_FORMAT_JSON_QUOTE_DECIMALS, OUTPUT_FORMAT_JSON_QUOTE_DENORMALS,
                 OUTPUT_FORMAT_JSON_NAMED_TUPLES_AS_OBJECTS, OUTPUT_FORMAT_JSON_ESCAPE_FORWARD_SLASHES,
                 OUTPUT_FORMAT_WRITE_STATISTICS, OUTPUT_FORMAT_DECIMAL_TRAILING_ZEROS,
                 OUTPUT_FORMAT_CSV_CRLF_END_OF_LINE, OUTPUT_FORMAT_TSV_CRLF_END_OF_LINE, ASYNC_INSERT,
                 WAIT_FOR_ASYNC_INSERT, SEND_PROGRESS_IN_HTTP_HEADERS, HTTP_HEADERS_PROGRESS_INTERVAL_MS,
                 CANCEL_HTTP_READONLY_QUERIES_ON_CLIENT_CLOSE, DATE_TIME_INPUT_FORMAT, READONLY -> 0;
        };
    }

    boolean isLimit() {
        return kind instanceof Kind.Bounded;
    }

    sealed interface Kind {
        Kind BOUNDED = new Bounded();
        Kind BOOLEAN = choice("0", "1", "true", "false");
        Kind TIME_ZONE = new TimeZone(Pattern.compile("[A-Za-z][A-Za-z0-9_/+\\-]{0,63}"));
        Kind IGNORED = new Ignored();

        static Kind choice(String... values) {
            return new Choice(Set.of(values));
        }

        record Bounded() implements Kind {
        }

        record Choice(Set<String> values) implements Kind {
        }

        record TimeZone(Pattern pattern) implements Kind {
        }

        record Ignored() implements Kind {
        }
    }
}
