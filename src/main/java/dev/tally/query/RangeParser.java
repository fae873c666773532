package dev.tally.query;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.stream.Collectors;

/**
 * Resolves a surface's {@code start}/{@code end} (or {@code period}) into the half-open {@link TimeRange} it
 * reads, by that surface's {@link RangeRules}. The only place dates are parsed for queries: every surface
 * accepts the same forms ({@link DateText}) and differs only by its rules.
 */
public final class RangeParser {
    private RangeParser() {
    }

    /**
     * @param preset with {@link RangeRules.MissingBounds#PRESET}: the {@code interval} that fills missing bounds
     * @param now    the request's moment
     */
    public static TimeRange range(RangeRules rules, String startText, String endText, IntervalPreset preset, ZoneId zone, Instant now) {
        if (rules.missing() == RangeRules.MissingBounds.REQUIRED && (startText == null || endText == null)) {
            String missing = startText == null ? "start" : "end";
            throw new QueryException(ParameterError.MISSING_PARAMETER, missing, rules.messages().required().replace("{name}", missing));
        }
        DateText start = startText == null ? null : date(rules, "start", startText);
        DateText end = endText == null ? null : date(rules, "end", endText);
        Instant from = start == null ? null : start.start(zone);
        Instant to = end == null ? null : switch (rules.end()) {
            case EXCLUSIVE -> end.start(zone);
            case INCLUSIVE -> end.inclusiveEnd(zone);
        };
        TimeRange range = switch (rules.missing()) {
            case PRESET -> {
                // Tricky: presets cover whole hours of the query's zone, [floor(now - interval), ceil(now)), so that
                // every bucket of the answer is whole and the hourly rollups can answer them exactly.
                ZonedDateTime zonedNow = now.atZone(zone);
                Instant presetStart = preset.start(zonedNow).truncatedTo(ChronoUnit.HOURS).toInstant();
                Instant presetEnd = zonedNow.truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant();
                yield ordered(rules, from != null ? from : presetStart, to != null ? to : from != null ? now : presetEnd, end != null);
            }
            case LAST_DAYS -> {
                Instant through = to != null ? to : LocalDate.ofInstant(now, zone).plusDays(1).atStartOfDay(zone).toInstant();
                Instant since = from != null ? from
                        : LocalDate.ofInstant(through, zone).minusDays(rules.lastDays()).atStartOfDay(zone).toInstant();
                yield ordered(rules, since, through, true);
            }
            case ALL_TIME_UNLESS_BOTH -> from == null || to == null
                    ? new TimeRange(IntervalPreset.ALL_TIME_START, now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS))
                    : ordered(rules, from, to, true);
            case REQUIRED -> ordered(rules, from, to, true);
            case PERIOD -> throw new IllegalArgumentException("a period surface has no start or end; use period(...)");
        };
        if (start != null || end != null) {
            requireWithinMax(rules, range);
        }
        return range;
    }

    /** A named period of whole days in {@code zone}, today included; absent means the first period. */
    public static TimeRange period(RangeRules rules, String name, ZoneId zone, Instant now) {
        RangeRules.Period period = name == null ? rules.periods().getFirst() : rules.periods().stream()
                .filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new QueryException(ParameterError.BAD_ENUM, "period", rules.messages().badPeriod()
                        .replace("{periods}", rules.periods().stream().map(RangeRules.Period::name).collect(Collectors.joining(", ")))
                        .replace("{value}", name)));
        LocalDate today = LocalDate.ofInstant(now, zone);
        return new TimeRange(today.minusDays(period.days() - 1L).atStartOfDay(zone).toInstant(), today.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /** The period's name as answered (the default when none was asked for). */
    public static String periodName(RangeRules rules, String name) {
        return name == null ? rules.periods().getFirst().name() : name;
    }

    private static DateText date(RangeRules rules, String name, String text) {
        DateText date = DateText.parse(text)
                .filter(d -> rules.forms() == RangeRules.Forms.DATE_OR_DATE_TIME || d instanceof DateText.Day)
                .orElseThrow(() -> new QueryException(ParameterError.BAD_DATE, name,
                        rules.messages().badDate().replace("{name}", name).replace("{value}", text)));
        if (date.writtenDate().isBefore(DateText.EARLIEST) || date.writtenDate().isAfter(DateText.LATEST)) {
            throw new QueryException(ParameterError.DATE_OUT_OF_RANGE, name, RangeRules.OUT_OF_RANGE.replace("{name}", name).replace("{value}", text));
        }
        return date;
    }

    private static TimeRange ordered(RangeRules rules, Instant start, Instant end, boolean endGiven) {
        if (!end.isAfter(start)) {
            String parameter = endGiven ? "end" : "start";
            throw new QueryException(ParameterError.END_BEFORE_START, parameter,
                    rules.messages().endBeforeStart().replace("{start}", start.toString()).replace("{end}", end.toString()));
        }
        return new TimeRange(start, end);
    }

    private static void requireWithinMax(RangeRules rules, TimeRange range) {
        Duration length = Duration.between(range.start(), range.end());
        if (length.compareTo(rules.maxRange()) > 0) {
            throw new QueryException(ParameterError.RANGE_TOO_LARGE, "start", rules.messages().rangeTooLarge()
                    .replace("{max}", Long.toString(rules.maxRange().toDays())).replace("{days}", Long.toString(length.toDays())));
        }
    }
}
