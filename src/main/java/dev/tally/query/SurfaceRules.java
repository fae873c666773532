package dev.tally.query;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one API surface accepts beyond the shared filter set: its events, parameters, limits and how it reads
 * its time range. One constant per endpoint, so each seed's defaults live here as data, side by side.
 *
 * @param events       accepted {@code event} values; the first is the default
 * @param groupBy      whether {@code groupBy} is accepted (else the query is a list of events)
 * @param paging       whether {@code page}, {@code pageSize}, {@code sortBy}, {@code sortOrder} are accepted
 * @param defaultLimit rows when {@code limit} is absent
 * @param maxLimit     largest accepted {@code limit}
 * @param range        how {@code start}/{@code end} (or {@code period}) become the range read
 */
public record SurfaceRules(List<EventKind> events, boolean groupBy, boolean paging, int defaultLimit, int maxLimit, RangeRules range) {
    private static final RangeRules.Messages NATIVE_MESSAGES = new RangeRules.Messages(
            "{name} must be an ISO 8601 date or date-time (e.g. 2026-01-31 or 2026-01-31T12:00:00Z), got '{value}'.",
            "end ({end}) must be after start ({start}).",
            "the range from start to end must be at most {max} days, got {days} days.",
            "{name} is required.",
            "period must be one of {periods}, got '{value}'.");

    /** Seeds 000, 002, 003 and 004 word their refusals alike: "…; got '…'." */
    private static RangeRules.Messages seedMessages(String dateExample) {
        return new RangeRules.Messages(
                "{name} must be " + dateExample + "; got '{value}'.",
                "end must not be before start.",
                "The date range must not exceed {max} days.",
                "{name} is required (YYYY-MM-DD).",
                "period must be one of {periods}; got '{value}'.");
    }

    /** The shared filter set's range: {@code interval} presets, {@code end} exclusive, no cap beyond a century. */
    private static final RangeRules NATIVE_RANGE = new RangeRules(RangeRules.Forms.DATE_OR_DATE_TIME, RangeRules.EndBound.EXCLUSIVE,
            RangeRules.MissingBounds.PRESET, 0, RangeRules.UNLIMITED_RANGE, List.of(), NATIVE_MESSAGES);

    /** Seed 000: inclusive ends, the last 30 days and today by default, at most 365 days. */
    private static final RangeRules CLICKS_RANGE = new RangeRules(RangeRules.Forms.DATE_OR_DATE_TIME, RangeRules.EndBound.INCLUSIVE,
            RangeRules.MissingBounds.LAST_DAYS, 31, Duration.ofDays(365), List.of(),
            seedMessages("an ISO 8601 date or date-time (e.g. 2026-03-01 or 2026-03-01T00:00:00Z)"));

    /** {@code GET /api/v1/analytics}. */
    public static final SurfaceRules NATIVE_ANALYTICS = new SurfaceRules(
            List.of(EventKind.CLICKS, EventKind.LEADS, EventKind.SALES, EventKind.COMPOSITE, EventKind.VIEWS), true, false, 100, 5000, NATIVE_RANGE);

    /** {@code GET /api/v1/events}: seed 001. */
    public static final SurfaceRules EVENTS_LIST = new SurfaceRules(
            List.of(EventKind.CLICKS, EventKind.LEADS, EventKind.SALES), false, true, 100, 1000, NATIVE_RANGE);

    /** {@code GET /api/v1/analytics/clicks}: seed 000. */
    public static final SurfaceRules CLICKS = new SurfaceRules(List.of(EventKind.CLICKS), true, false, 100, 1000, CLICKS_RANGE);

    /** {@code GET /api/v1/analytics/views}: seed 000. */
    public static final SurfaceRules VIEWS = new SurfaceRules(List.of(EventKind.VIEWS), true, false, 100, 1000, CLICKS_RANGE);

    /** {@code GET /api/v1/analytics/{link_id}}: seed 002; both bounds or all time, inclusive ends, top 10 of each list. */
    public static final SurfaceRules LINK_REPORT = new SurfaceRules(List.of(EventKind.CLICKS), true, false, 10, 10,
            new RangeRules(RangeRules.Forms.DATE_OR_DATE_TIME, RangeRules.EndBound.INCLUSIVE, RangeRules.MissingBounds.ALL_TIME_UNLESS_BOTH,
                    0, RangeRules.UNLIMITED_RANGE, List.of(), seedMessages("an ISO 8601 date or date-time (e.g. 2025-06-01T00:00:00Z)")));

    /** {@code POST /v1/analytics}: seed 003; required inclusive days, pages of up to 10,000 clicks. */
    public static final SurfaceRules CLICK_LOG = new SurfaceRules(List.of(EventKind.CLICKS), false, true, 1000, 10_000,
            new RangeRules(RangeRules.Forms.DATE_ONLY, RangeRules.EndBound.INCLUSIVE, RangeRules.MissingBounds.REQUIRED,
                    0, RangeRules.UNLIMITED_RANGE, List.of(), seedMessages("a date in YYYY-MM-DD form")));

    /** {@code GET /api/v1/links/{slug}/analytics}: seed 004; a period of whole days through today, top 10 of each list. */
    public static final SurfaceRules SLUG_ANALYTICS = new SurfaceRules(List.of(EventKind.CLICKS), true, false, 10, 10,
            new RangeRules(RangeRules.Forms.DATE_ONLY, RangeRules.EndBound.INCLUSIVE, RangeRules.MissingBounds.PERIOD, 0,
                    Duration.ofDays(90), List.of(new RangeRules.Period("7d", 7), new RangeRules.Period("30d", 30), new RangeRules.Period("90d", 90)),
                    seedMessages("a date in YYYY-MM-DD form")));

    /** {@code GET /api/v1/events/export}: every event type, no paging; {@code limit} is refused by the export itself. */
    public static final SurfaceRules EXPORT = new SurfaceRules(
            List.of(EventKind.ALL, EventKind.CLICKS, EventKind.LEADS, EventKind.SALES, EventKind.VIEWS), false, false, 1, 1, NATIVE_RANGE);

    /** Every endpoint's rules, for tests that cover them all. */
    public static final List<SurfaceRules> ALL = List.of(NATIVE_ANALYTICS, EVENTS_LIST, CLICKS, VIEWS, LINK_REPORT, CLICK_LOG, SLUG_ANALYTICS,
            EXPORT);

    public SurfaceRules {
        events = List.copyOf(events);
        Objects.checkIndex(0, events.size());
        Objects.requireNonNull(range, "range");
    }

    /** Native rules with another cap on the range. */
    public SurfaceRules(List<EventKind> events, boolean groupBy, boolean paging, int defaultLimit, int maxLimit, Duration maxRange) {
        this(events, groupBy, paging, defaultLimit, maxLimit, NATIVE_RANGE.withMaxRange(maxRange));
    }
}
