package dev.tally.api.linkreport;

import dev.tally.query.RangeParser;
import dev.tally.query.SurfaceRules;
import dev.tally.query.TimeRange;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Seeds/002's query parameters. {@code start} and {@code end} (ISO 8601 date or date-time; {@code end}
 * inclusive, a bare date the whole day in the workspace's zone) filter only when both are given; either is
 * still checked for form. Without them the report covers all time ({@link SurfaceRules#LINK_REPORT}).
 */
@Serdeable
record LinkReportParams(@Nullable String start, @Nullable String end) {
    TimeRange range(ZoneId zone, Instant now) {
        return RangeParser.range(SurfaceRules.LINK_REPORT.range(), start, end, null, zone, now);
    }
}
