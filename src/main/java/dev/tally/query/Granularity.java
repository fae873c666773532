package dev.tally.query;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.DayOfWeek;

/** The width of a timeseries bucket, aligned in the query's time zone (weeks start on Monday). */
public enum Granularity {
    MINUTE, HOUR, DAY, WEEK, MONTH;

    /** The start of the bucket holding {@code time}, in {@code time}'s zone. */
    public ZonedDateTime floor(ZonedDateTime time) {
        return switch (this) {
            case MINUTE -> time.truncatedTo(ChronoUnit.MINUTES);
            case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
            case DAY -> time.toLocalDate().atStartOfDay(time.getZone());
            case WEEK -> time.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(time.getZone());
            case MONTH -> time.toLocalDate().withDayOfMonth(1).atStartOfDay(time.getZone());
        };
    }

    /**
     * The start of the next bucket. Tricky: days, weeks and months step in local dates, so a bucket
     * across a DST change is 23 or 25 hours long; minutes and hours step in absolute time, and
     * {@code atStartOfDay} copes with zones whose midnight does not exist.
     */
    public ZonedDateTime next(ZonedDateTime bucketStart) {
        return switch (this) {
            case MINUTE -> bucketStart.plusMinutes(1);
            case HOUR -> bucketStart.plusHours(1);
            case DAY -> bucketStart.toLocalDate().plusDays(1).atStartOfDay(bucketStart.getZone());
            case WEEK -> bucketStart.toLocalDate().plusWeeks(1).atStartOfDay(bucketStart.getZone());
            case MONTH -> bucketStart.toLocalDate().plusMonths(1).atStartOfDay(bucketStart.getZone());
        };
    }
}
