package dev.tally.query;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one surface reads its time range: which date forms it takes, whether {@code end} is inclusive, what a
 * missing bound means, the longest range, named periods, and the exact words of its refusals. Every
 * surface's range is resolved by {@link RangeParser} from one of these, so the rules are data, not code.
 *
 * @param forms    the date forms accepted
 * @param end      whether {@code end} names the last moment read (inclusive) or the first one not read
 * @param missing  what an absent {@code start} or {@code end} means
 * @param lastDays with {@link MissingBounds#LAST_DAYS}: how many days a range without {@code start} covers
 * @param maxRange the longest range accepted; checked on every range a bound was given for
 * @param periods  named periods (seed 004's {@code period}); the first is the default; empty when none
 * @param messages the surface's refusals
 */
public record RangeRules(Forms forms, EndBound end, MissingBounds missing, int lastDays, Duration maxRange, List<Period> periods, Messages messages) {
    /** For surfaces whose seed sets no maximum range: longer than any range since {@code all} starts. */
    public static final Duration UNLIMITED_RANGE = Duration.ofDays(366L * 100);

    public enum Forms { DATE_OR_DATE_TIME, DATE_ONLY }

    public enum EndBound {
        /** {@code end} is the first instant not read ({@code end=2026-03-01} stops at that day's start). */
        EXCLUSIVE,
        /** {@code end} is the last day (or second) read. */
        INCLUSIVE
    }

    public enum MissingBounds {
        /** The {@code interval} preset fills what is missing; {@code start} alone runs to now. */
        PRESET,
        /** No {@code end}: through today; no {@code start}: {@code lastDays} whole days ending with {@code end}'s day. */
        LAST_DAYS,
        /** Both bounds or neither: a lone bound is checked for form and otherwise ignored; neither is all time. */
        ALL_TIME_UNLESS_BOTH,
        /** Both bounds are required. */
        REQUIRED,
        /** No bounds at all: the range is a named period of whole days through today. */
        PERIOD
    }

    /** A named run of whole days ending with today, e.g. {@code 7d}. */
    public record Period(String name, int days) {
    }

    /**
     * The refusals' exact text. Placeholders: {@code {name}} the parameter, {@code {value}} what was sent,
     * {@code {start}}/{@code {end}} the resolved instants, {@code {max}}/{@code {days}} whole days,
     * {@code {periods}} the period names.
     */
    public record Messages(String badDate, String endBeforeStart, String rangeTooLarge, String required, String badPeriod) {
        public Messages {
            Objects.requireNonNull(badDate, "badDate");
            Objects.requireNonNull(endBeforeStart, "endBeforeStart");
            Objects.requireNonNull(rangeTooLarge, "rangeTooLarge");
            Objects.requireNonNull(required, "required");
            Objects.requireNonNull(badPeriod, "badPeriod");
        }
    }

    /** Refusals that every surface words the same way. */
    static final String OUT_OF_RANGE = "{name} must be a date between " + DateText.EARLIEST + " and " + DateText.LATEST + ", got '{value}'.";

    public RangeRules {
        Objects.requireNonNull(forms, "forms");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(missing, "missing");
        Objects.requireNonNull(maxRange, "maxRange");
        periods = List.copyOf(periods);
        Objects.requireNonNull(messages, "messages");
        if ((missing == MissingBounds.LAST_DAYS) != (lastDays > 0)) {
            throw new IllegalArgumentException("lastDays is given exactly when missing bounds mean the last days");
        }
        if ((missing == MissingBounds.PERIOD) == periods.isEmpty()) {
            throw new IllegalArgumentException("periods are given exactly when the range is a period");
        }
    }

    public RangeRules withMaxRange(Duration newMaxRange) {
        return new RangeRules(forms, end, missing, lastDays, newMaxRange, periods, messages);
    }
}
