package dev.tally.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The one date and range grammar, endpoint by endpoint: accepted forms, defaults, limits and exact refusals. */
class RangeParserTest {
    private static final Instant NOW = Instant.parse("2026-03-15T10:17:42Z");
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    private static TimeRange range(SurfaceRules rules, String start, String end, ZoneId zone) {
        return RangeParser.range(rules.range(), start, end, IntervalPreset.LAST_24_HOURS, zone, NOW);
    }

    private static TimeRange range(String start, String end) {
        return new TimeRange(Instant.parse(start), Instant.parse(end));
    }

    /** Every offset form, on every surface that takes date-times: the same instant. */
    static Stream<Arguments> offsetForms() {
        return Stream.of("2026-01-31T12:00:00+05:30", "2026-01-31T12:00:00+0530", "2026-01-31T06:30:00Z", "2026-01-31T06:30:00.000Z",
                        "2026-01-31T12:00+05:30", "2026-01-31T01:30:00-05")
                .flatMap(text -> Stream.of(SurfaceRules.NATIVE_ANALYTICS, SurfaceRules.EVENTS_LIST, SurfaceRules.CLICKS,
                        SurfaceRules.VIEWS, SurfaceRules.LINK_REPORT).map(rules -> arguments(rules, text)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("offsetForms")
    void everyDateTimeSurfaceReadsEveryOffsetForm(SurfaceRules rules, String text) {
        TimeRange range = range(rules, text, "2026-02-10", UTC);
        assertThat(range.start()).isEqualTo(Instant.parse("2026-01-31T06:30:00Z"));
    }

    static Stream<Arguments> resolved() {
        return Stream.of(
                // native: end exclusive, local dates in the query's zone, presets fill what is missing
                arguments(SurfaceRules.NATIVE_ANALYTICS, "2026-03-01", "2026-03-10", UTC, range("2026-03-01T00:00:00Z", "2026-03-10T00:00:00Z")),
                arguments(SurfaceRules.NATIVE_ANALYTICS, "2026-03-01", "2026-03-10", KOLKATA,
                        range("2026-02-28T18:30:00Z", "2026-03-09T18:30:00Z")),
                arguments(SurfaceRules.NATIVE_ANALYTICS, "2026-03-01T08:00", null, UTC, range("2026-03-01T08:00:00Z", "2026-03-15T10:17:42Z")),
                arguments(SurfaceRules.NATIVE_ANALYTICS, null, "2026-03-15T12:00:00Z", UTC, range("2026-03-14T10:00:00Z", "2026-03-15T12:00:00Z")),
                arguments(SurfaceRules.NATIVE_ANALYTICS, null, null, UTC, range("2026-03-14T10:00:00Z", "2026-03-15T11:00:00Z")),
                // seed 000: UTC, end inclusive (day or second), the last 30 days and today by default
                arguments(SurfaceRules.CLICKS, "2026-03-01", "2026-03-15", UTC, range("2026-03-01T00:00:00Z", "2026-03-16T00:00:00Z")),
                arguments(SurfaceRules.CLICKS, null, null, UTC, range("2026-02-13T00:00:00Z", "2026-03-16T00:00:00Z")),
                arguments(SurfaceRules.CLICKS, null, "2026-03-05", UTC, range("2026-02-03T00:00:00Z", "2026-03-06T00:00:00Z")),
                arguments(SurfaceRules.CLICKS, "2026-03-01", null, UTC, range("2026-03-01T00:00:00Z", "2026-03-16T00:00:00Z")),
                arguments(SurfaceRules.VIEWS, "2026-03-01T00:00:00Z", "2026-03-01T23:59:59.500Z", UTC,
                        range("2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z")),
                // seed 002: both bounds or all time; inclusive; the workspace's zone
                arguments(SurfaceRules.LINK_REPORT, "2025-06-01", "2025-06-24", KOLKATA, range("2025-05-31T18:30:00Z", "2025-06-24T18:30:00Z")),
                arguments(SurfaceRules.LINK_REPORT, "2025-06-01T00:00:00+0530", "2025-06-24T23:59:59+05:30", UTC,
                        range("2025-05-31T18:30:00Z", "2025-06-24T18:30:00Z")),
                arguments(SurfaceRules.LINK_REPORT, "2025-06-01", null, UTC, range("2015-01-01T00:00:00Z", "2026-03-15T11:00:00Z")),
                arguments(SurfaceRules.LINK_REPORT, null, null, UTC, range("2015-01-01T00:00:00Z", "2026-03-15T11:00:00Z")),
                // seed 003: required inclusive days in the workspace's zone
                arguments(SurfaceRules.CLICK_LOG, "2025-01-01", "2025-01-07", KOLKATA, range("2024-12-31T18:30:00Z", "2025-01-07T18:30:00Z")));
    }

    @ParameterizedTest(name = "{0} {1}..{2} in {3}")
    @MethodSource("resolved")
    void resolvesEachSurfacesRangeByItsRules(SurfaceRules rules, String start, String end, ZoneId zone, TimeRange expected) {
        assertThat(range(rules, start, end, zone)).isEqualTo(expected);
    }

    static Stream<Arguments> refusals() {
        String nativeDate = " must be an ISO 8601 date or date-time (e.g. 2026-01-31 or 2026-01-31T12:00:00Z), got '";
        String clicksDate = " must be an ISO 8601 date or date-time (e.g. 2026-03-01 or 2026-03-01T00:00:00Z); got '";
        String reportDate = " must be an ISO 8601 date or date-time (e.g. 2025-06-01T00:00:00Z); got '";
        return Stream.of(
                arguments(SurfaceRules.NATIVE_ANALYTICS, "2026-13-01", null, ParameterError.BAD_DATE, "start", "start" + nativeDate + "2026-13-01'."),
                arguments(SurfaceRules.NATIVE_ANALYTICS, "2026-03-01", "yesterday", ParameterError.BAD_DATE, "end", "end" + nativeDate + "yesterday'."),
                arguments(SurfaceRules.NATIVE_ANALYTICS, "2026-02-30", null, ParameterError.BAD_DATE, "start", "start" + nativeDate + "2026-02-30'."),
                arguments(SurfaceRules.NATIVE_ANALYTICS, "2026-03-01 10:00", null, ParameterError.BAD_DATE, "start", "start" + nativeDate + "2026-03-01 10:00'."),
                arguments(SurfaceRules.NATIVE_ANALYTICS, "2026-03-10", "2026-03-01", ParameterError.END_BEFORE_START, "end",
                        "end (2026-03-01T00:00:00Z) must be after start (2026-03-10T00:00:00Z)."),
                // defect: with end and no start the range check was skipped and the hourly series grew with end
                arguments(SurfaceRules.NATIVE_ANALYTICS, null, "9999-12-31", ParameterError.DATE_OUT_OF_RANGE, "end",
                        "end must be a date between 1900-01-01 and 2299-12-31, got '9999-12-31'."),
                arguments(SurfaceRules.NATIVE_ANALYTICS, null, "2299-12-31", ParameterError.RANGE_TOO_LARGE, "start",
                        "the range from start to end must be at most 36600 days, got 100002 days."),
                arguments(SurfaceRules.NATIVE_ANALYTICS, "0000-01-01", null, ParameterError.DATE_OUT_OF_RANGE, "start",
                        "start must be a date between 1900-01-01 and 2299-12-31, got '0000-01-01'."),
                arguments(SurfaceRules.NATIVE_ANALYTICS, "10000-01-01", null, ParameterError.BAD_DATE, "start", "start" + nativeDate + "10000-01-01'."),
                arguments(SurfaceRules.NATIVE_ANALYTICS, "+999999999-12-31", null, ParameterError.BAD_DATE, "start",
                        "start" + nativeDate + "+999999999-12-31'."),
                arguments(SurfaceRules.NATIVE_ANALYTICS, "-999999999-01-01", null, ParameterError.BAD_DATE, "start",
                        "start" + nativeDate + "-999999999-01-01'."),
                arguments(SurfaceRules.CLICKS, "yesterday", null, ParameterError.BAD_DATE, "start", "start" + clicksDate + "yesterday'."),
                arguments(SurfaceRules.CLICKS, "2025-01-01", "2026-03-01", ParameterError.RANGE_TOO_LARGE, "start", "The date range must not exceed 365 days."),
                arguments(SurfaceRules.CLICKS, "2026-03-10", "2026-03-01", ParameterError.END_BEFORE_START, "end", "end must not be before start."),
                arguments(SurfaceRules.CLICKS, null, "9999-12-31", ParameterError.DATE_OUT_OF_RANGE, "end",
                        "end must be a date between 1900-01-01 and 2299-12-31, got '9999-12-31'."),
                arguments(SurfaceRules.VIEWS, "2026-03-01", "2027-03-02", ParameterError.RANGE_TOO_LARGE, "start", "The date range must not exceed 365 days."),
                arguments(SurfaceRules.LINK_REPORT, "June", "2025-06-24", ParameterError.BAD_DATE, "start", "start" + reportDate + "June'."),
                arguments(SurfaceRules.LINK_REPORT, "2025-06-01", "June", ParameterError.BAD_DATE, "end", "end" + reportDate + "June'."),
                arguments(SurfaceRules.LINK_REPORT, "2025-06-24", "2025-06-01", ParameterError.END_BEFORE_START, "end", "end must not be before start."),
                arguments(SurfaceRules.CLICK_LOG, null, "2026-03-07", ParameterError.MISSING_PARAMETER, "start", "start is required (YYYY-MM-DD)."),
                arguments(SurfaceRules.CLICK_LOG, "2026-03-07", null, ParameterError.MISSING_PARAMETER, "end", "end is required (YYYY-MM-DD)."),
                arguments(SurfaceRules.CLICK_LOG, "2026-03-01T00:00:00Z", "2026-03-07", ParameterError.BAD_DATE, "start",
                        "start must be a date in YYYY-MM-DD form; got '2026-03-01T00:00:00Z'."),
                arguments(SurfaceRules.CLICK_LOG, "2026-03-07", "2026-03-01", ParameterError.END_BEFORE_START, "end", "end must not be before start."),
                arguments(SurfaceRules.CLICK_LOG, "2026-03-01", "9999-12-31", ParameterError.DATE_OUT_OF_RANGE, "end",
                        "end must be a date between 1900-01-01 and 2299-12-31, got '9999-12-31'."));
    }

    @ParameterizedTest(name = "{5}")
    @MethodSource("refusals")
    void refusesWithTheSurfacesExactWords(SurfaceRules rules, String start, String end, ParameterError code, String parameter, String message) {
        assertThatThrownBy(() -> range(rules, start, end, UTC)).isInstanceOfSatisfying(QueryException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.parameter()).isEqualTo(parameter);
        });
    }

    @Test
    void slugPeriodsAreWholeDaysThroughTodayInTheWorkspacesZone() {
        RangeRules rules = SurfaceRules.SLUG_ANALYTICS.range();
        assertThat(RangeParser.period(rules, null, KOLKATA, NOW)).isEqualTo(range("2026-03-08T18:30:00Z", "2026-03-15T18:30:00Z"));
        assertThat(RangeParser.period(rules, "90d", UTC, NOW)).isEqualTo(range("2025-12-16T00:00:00Z", "2026-03-16T00:00:00Z"));
        assertThat(RangeParser.periodName(rules, null)).isEqualTo("7d");
        assertThatThrownBy(() -> RangeParser.period(rules, "1y", UTC, NOW)).isInstanceOfSatisfying(QueryException.class,
                e -> assertThat(e.getMessage()).isEqualTo("period must be one of 7d, 30d, 90d; got '1y'."));
    }

    @Test
    void everyEndpointHasRulesAndNoRangeOutgrowsItsCap() {
        assertThat(SurfaceRules.ALL).hasSize(8).doesNotHaveDuplicates();
        for (SurfaceRules rules : SurfaceRules.ALL) {
            assertThat(rules.range().maxRange()).isLessThanOrEqualTo(RangeRules.UNLIMITED_RANGE);
        }
        assertThat(SurfaceRules.CLICKS.range().maxRange()).isEqualTo(Duration.ofDays(365));
    }
}
