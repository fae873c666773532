package dev.tally.sql;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Instants as ClickHouse's {@code DateTime64(3, 'UTC')} text form, in parameters and in JSON rows inserted. */
public final class DateTime64Text {
    /** For annotations (e.g. {@code @JsonFormat}), which need a constant. */
    public static final String PATTERN = "yyyy-MM-dd HH:mm:ss.SSS";
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern(PATTERN).withZone(ZoneOffset.UTC);

    private DateTime64Text() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
