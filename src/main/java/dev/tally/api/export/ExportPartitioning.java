package dev.tally.api.export;

import dev.tally.query.TimeRange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How a bulk export job cuts its range into files: calendar days or hours in the request's time zone. */
enum ExportPartitioning {
    DAY(DateTimeFormatter.ofPattern("yyyy-MM-dd")),
    HOUR(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH"));

    private final DateTimeFormatter label;

    ExportPartitioning(DateTimeFormatter label) {
        this.label = label;
    }

    String publicName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One partition: its events' time range and its label (local date or date-hour, unique within the job). */
    record Partition(String label, TimeRange range) {
    }

    /**
     * The partitions covering {@code range}, the first and last clipped to it. Tricky: an hour repeated when
     * clocks go back gets its label with {@code -2}, so every partition has its own file name.
     */
    List<Partition> split(TimeRange range, ZoneId zone) {
        List<Partition> partitions = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        Instant start = range.start();
        while (start.isBefore(range.end())) {
            Instant next = next(start, zone);
            Instant end = next.isBefore(range.end()) ? next : range.end();
            String text = label.format(start.atZone(zone));
            int repeat = seen.merge(text, 1, Integer::sum);
            partitions.add(new Partition(repeat == 1 ? text : text + "-" + repeat, new TimeRange(start, end)));
            start = end;
        }
        return partitions;
    }

    /** How many partitions {@code range} has, without building them (to refuse a huge range cheaply). */
    long count(TimeRange range, ZoneId zone) {
        return switch (this) {
            case DAY -> ChronoUnit.DAYS.between(range.start().atZone(zone).toLocalDate(), range.end().atZone(zone).toLocalDate()) + 1;
            case HOUR -> ChronoUnit.HOURS.between(range.start(), range.end()) + 2;
        };
    }

    private Instant next(Instant start, ZoneId zone) {
        ZonedDateTime local = start.atZone(zone);
        return switch (this) {
            case DAY -> {
                LocalDate day = local.toLocalDate().plusDays(1);
                yield day.atStartOfDay(zone).toInstant();
            }
            case HOUR -> local.truncatedTo(ChronoUnit.HOURS).toInstant().plus(1, ChronoUnit.HOURS);
        };
    }
}
