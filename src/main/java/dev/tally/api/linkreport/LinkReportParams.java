package dev.tally.api.linkreport;

import dev.tally.api.error.ApiException;
import dev.tally.query.IntervalPreset;
import dev.tally.query.TimeRange;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Seeds/002's query parameters. {@code start} and {@code end} (ISO 8601 date or date-time; {@code end}
 * inclusive, a bare date the whole day in the workspace's zone) filter only when both are given; either is
 * still checked for form. Without them the report covers all time.
 */
@Serdeable
record LinkReportParams(@Nullable String start, @Nullable String end) {
    TimeRange range(ZoneId zone, Instant now) {
        Instant from = start == null ? null : bound("start", start, zone, false);
        Instant to = end == null ? null : bound("end", end, zone, true);
        if (from == null || to == null) {
            return new TimeRange(IntervalPreset.ALL_TIME_START, now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS));
        }
        if (!to.isAfter(from)) {
            throw ApiException.badRequest("end must not be before start.");
        }
        return new TimeRange(from, to);
    }

    private static Instant bound(String name, String text, ZoneId zone, boolean end) {
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (end ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
            }
            Instant instant = text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")
                    ? OffsetDateTime.parse(text).toInstant()
                    : LocalDateTime.parse(text).atZone(zone).toInstant();
            return end ? instant.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1) : instant;
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO 8601 date or date-time (e.g. 2025-06-01T00:00:00Z); got '" + text + "'.");
        }
    }
}
