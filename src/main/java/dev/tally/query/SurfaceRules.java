package dev.tally.query;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one API surface accepts beyond the shared filter set: its own parameters, events, limits.
 *
 * @param events         accepted {@code event} values; the first is the default
 * @param groupBy        whether {@code groupBy} is accepted (else the query is a list of events)
 * @param paging         whether {@code page}, {@code pageSize}, {@code sortBy}, {@code sortOrder} are accepted
 * @param defaultLimit   rows when {@code limit} is absent
 * @param maxLimit       largest accepted {@code limit}
 * @param maxRange       longest accepted {@code start}/{@code end} range ({@link #UNLIMITED_RANGE} when the seed sets none)
 */
public record SurfaceRules(List<EventKind> events, boolean groupBy, boolean paging, int defaultLimit, int maxLimit, Duration maxRange) {
    /** For surfaces whose seed sets no maximum range: longer than any range since {@code all} starts. */
    public static final Duration UNLIMITED_RANGE = Duration.ofDays(366L * 100);

    /** {@code GET /api/v1/analytics}. */
    public static final SurfaceRules NATIVE_ANALYTICS = new SurfaceRules(
            List.of(EventKind.CLICKS, EventKind.LEADS, EventKind.SALES, EventKind.COMPOSITE, EventKind.VIEWS), true, false, 100, 5000, UNLIMITED_RANGE);

    /** {@code GET /api/v1/events}: seed 001. */
    public static final SurfaceRules EVENTS_LIST = new SurfaceRules(
            List.of(EventKind.CLICKS, EventKind.LEADS, EventKind.SALES), false, true, 100, 1000, UNLIMITED_RANGE);

    /** {@code GET /api/v1/events/export}: every event type, no paging; {@code limit} is refused by the export itself. */
    public static final SurfaceRules EXPORT = new SurfaceRules(
            List.of(EventKind.ALL, EventKind.CLICKS, EventKind.LEADS, EventKind.SALES, EventKind.VIEWS), false, false, 1, 1, UNLIMITED_RANGE);

    public SurfaceRules {
        events = List.copyOf(events);
        Objects.checkIndex(0, events.size());
        Objects.requireNonNull(maxRange, "maxRange");
    }
}
