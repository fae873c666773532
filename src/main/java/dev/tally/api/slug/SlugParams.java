package dev.tally.api.slug;

import dev.tally.query.RangeParser;
import dev.tally.query.SurfaceRules;
import dev.tally.query.TimeRange;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Seeds/004's {@code period}: {@code 7d} (default), {@code 30d} or {@code 90d}, meaning that many whole days
 * in the workspace's time zone, today included ({@link SurfaceRules#SLUG_ANALYTICS}).
 */
@Serdeable
record SlugParams(@Nullable String period) {
    String periodOrDefault() {
        return RangeParser.periodName(SurfaceRules.SLUG_ANALYTICS.range(), period);
    }

    TimeRange range(ZoneId zone, Instant now) {
        return RangeParser.period(SurfaceRules.SLUG_ANALYTICS.range(), period, zone, now);
    }
}
