package dev.tally.links;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Instants as ClickHouse's {@code DateTime64(3, 'UTC')} text input reads them. */
public final class ClickHouseTimes {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private ClickHouseTimes() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
