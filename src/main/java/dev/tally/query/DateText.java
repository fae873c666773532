package dev.tally.query;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one ISO 8601 grammar every surface reads dates with: a date ({@code 2026-01-31}), a local date-time
 * ({@code 2026-01-31T12:00}, seconds and fractions optional) read in a time zone, or a date-time with an
 * offset ({@code Z}, {@code +05:30}, {@code +0530}, {@code +05}). Years have four digits.
 */
public sealed interface DateText {
    /** Dates the store can hold (ClickHouse's {@code DateTime64} range); anything else is refused, never clamped. */
    LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    LocalDate LATEST = LocalDate.of(2299, 12, 31);

    Pattern FORM = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(Z|[+-]\\d{2}(?::?\\d{2})?)?)?");

    /** A whole day. */
    record Day(LocalDate date) implements DateText {
    }

    /** A wall-clock time, placed in the query's zone. */
    record Local(LocalDateTime dateTime) implements DateText {
    }

    /** An instant, given with its offset. */
    record Moment(Instant instant, LocalDate localDate) implements DateText {
    }

    /** The text read by the grammar, or empty when it is not one of its forms (or names no real day). */
    static Optional<DateText> parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            if (m.group(4) == null) {
                return Optional.of(new Day(date));
            }
            String fraction = m.group(7) == null ? "0" : (m.group(7) + "00000000").substring(0, 9);
            LocalDateTime local = LocalDateTime.of(date, LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), Integer.parseInt(fraction)));
            if (m.group(8) == null) {
                return Optional.of(new Local(local));
            }
            return Optional.of(new Moment(local.toInstant(ZoneOffset.of(m.group(8))), date));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The calendar date as written, before any zone is applied. */
    default LocalDate writtenDate() {
        return switch (this) {
            case Day day -> day.date();
            case Local local -> local.dateTime().toLocalDate();
            case Moment moment -> moment.localDate();
        };
    }

    /** Where this text starts, read in {@code zone}. */
    default Instant start(ZoneId zone) {
        return switch (this) {
            case Day day -> day.date().atStartOfDay(zone).toInstant();
            case Local local -> local.dateTime().atZone(zone).toInstant();
            case Moment moment -> moment.instant();
        };
    }

    /** The first instant after this text read as an inclusive end: the next day, or the next whole second. */
    default Instant inclusiveEnd(ZoneId zone) {
        return switch (this) {
            case Day day -> day.date().plusDays(1).atStartOfDay(zone).toInstant();
            case Local local -> local.dateTime().atZone(zone).toInstant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            case Moment moment -> moment.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        };
    }
}
