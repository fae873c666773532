package dev.tally.api.slug;

import dev.tally.api.error.ApiException;
import dev.tally.query.TimeRange;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Seeds/004's {@code period}: {@code 7d} (default), {@code 30d} or {@code 90d}, meaning that many whole days
 * in the workspace's time zone, today included.
 */
@Serdeable
record SlugParams(@Nullable String period) {
    static final String DEFAULT_PERIOD = "7d";

    String periodOrDefault() {
        return period == null ? DEFAULT_PERIOD : period;
    }

    TimeRange range(ZoneId zone, Instant now) {
        int days = switch (periodOrDefault()) {
            case "7d" -> 7;
            case "30d" -> 30;
            case "90d" -> 90;
            default -> throw ApiException.badRequest("period must be one of 7d, 30d, 90d; got '" + period + "'.");
        };
        LocalDate today = LocalDate.ofInstant(now, zone);
        return new TimeRange(today.minusDays(days - 1L).atStartOfDay(zone).toInstant(), today.plusDays(1).atStartOfDay(zone).toInstant());
    }
}
