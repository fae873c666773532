package dev.tally.query;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One valid analytics question, whatever surface asked it. Built by {@link QueryParser} (or by a surface
 * from its own parameters) and never changed: the {@code withX} methods return copies.
 *
 * @param workspaceId    from the credential, never from a parameter; the SQL layer confines every read to it
 * @param event          which event types are counted
 * @param range          the half-open time range read
 * @param timeZone       aligns every bucket (and local dates in {@code start}/{@code end})
 * @param granularity    timeseries bucket width
 * @param includeBots    only {@code interval=all_unfiltered} counts bot traffic
 * @param filters        at most one per dimension, in {@link Dimension} order
 * @param root           the seed's {@code root} filter
 * @param metadataSearch the seed's {@code query} (case-insensitive substring of lead/sale metadata); empty for none
 * @param groupBy        the shape of the answer
 * @param metrics        what each row carries
 * @param limit          most rows returned
 * @param offset         rows skipped (events list pages)
 * @param sortOrder      order of listed events by time
 */
public record AnalyticsQuery(
        String workspaceId,
        EventKind event,
        TimeRange range,
        ZoneId timeZone,
        Granularity granularity,
        boolean includeBots,
        List<Filter> filters,
        RootFilter root,
        String metadataSearch,
        GroupBy groupBy,
        Set<Metric> metrics,
        int limit,
        int offset,
        SortOrder sortOrder) {

    public AnalyticsQuery {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(granularity, "granularity");
        filters = List.copyOf(filters);
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(metadataSearch, "metadataSearch");
        Objects.requireNonNull(groupBy, "groupBy");
        metrics = metrics.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(metrics));
        Objects.requireNonNull(sortOrder, "sortOrder");
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be positive and offset not negative");
        }
    }

    /** A query over {@code range} with no filters, counting every metric but uniques; a starting point for surfaces and tests. */
    public static AnalyticsQuery of(String workspaceId, EventKind event, TimeRange range, ZoneId timeZone, Granularity granularity) {
        return new AnalyticsQuery(workspaceId, event, range, timeZone, granularity, false, List.of(), RootFilter.ANY, "",
                GroupBy.COUNT, Set.of(Metric.CLICKS, Metric.LEADS, Metric.SALES, Metric.SALE_AMOUNT), 100, 0, SortOrder.DESC);
    }

    public Optional<Filter> filter(Dimension dimension) {
        return filters.stream().filter(f -> f.dimension() == dimension).findFirst();
    }

    public boolean has(Metric metric) {
        return metrics.contains(metric);
    }

    public AnalyticsQuery withFilters(List<Filter> newFilters) {
        return copy().filters(newFilters).build();
    }

    public AnalyticsQuery withFilter(Filter filter) {
        List<Filter> kept = new ArrayList<>(filters.stream().filter(f -> f.dimension() != filter.dimension()).toList());
        kept.add(filter);
        return withFilters(kept).normalized();
    }

    public AnalyticsQuery withGroupBy(GroupBy newGroupBy) {
        return copy().groupBy(newGroupBy).build();
    }

    public AnalyticsQuery withMetrics(Set<Metric> newMetrics) {
        return copy().metrics(newMetrics).build();
    }

    public AnalyticsQuery withEvent(EventKind newEvent) {
        return copy().event(newEvent).build();
    }

    public AnalyticsQuery withRange(TimeRange newRange) {
        return copy().range(newRange).build();
    }

    public AnalyticsQuery withTimeZone(ZoneId newTimeZone) {
        return copy().timeZone(newTimeZone).build();
    }

    public AnalyticsQuery withGranularity(Granularity newGranularity) {
        return copy().granularity(newGranularity).build();
    }

    public AnalyticsQuery withIncludeBots(boolean newIncludeBots) {
        return copy().includeBots(newIncludeBots).build();
    }

    public AnalyticsQuery withRoot(RootFilter newRoot) {
        return copy().root(newRoot).build();
    }

    public AnalyticsQuery withMetadataSearch(String newSearch) {
        return copy().metadataSearch(newSearch).build();
    }

    public AnalyticsQuery withPage(int newLimit, int newOffset, SortOrder newSortOrder) {
        return copy().page(newLimit, newOffset, newSortOrder).build();
    }

    private Copy copy() {
        return new Copy(this);
    }

    /** The one place a changed copy is assembled, so each {@code withX} names only what it changes. */
    private static final class Copy {
        private final String workspaceId;
        private EventKind event;
        private TimeRange range;
        private ZoneId timeZone;
        private Granularity granularity;
        private boolean includeBots;
        private List<Filter> filters;
        private RootFilter root;
        private String metadataSearch;
        private GroupBy groupBy;
        private Set<Metric> metrics;
        private int limit;
        private int offset;
        private SortOrder sortOrder;

        Copy(AnalyticsQuery query) {
            workspaceId = query.workspaceId;
            event = query.event;
            range = query.range;
            timeZone = query.timeZone;
            granularity = query.granularity;
            includeBots = query.includeBots;
            filters = query.filters;
            root = query.root;
            metadataSearch = query.metadataSearch;
            groupBy = query.groupBy;
            metrics = query.metrics;
            limit = query.limit;
            offset = query.offset;
            sortOrder = query.sortOrder;
        }

        Copy filters(List<Filter> value) { filters = value; return this; }
        Copy groupBy(GroupBy value) { groupBy = value; return this; }
        Copy metrics(Set<Metric> value) { metrics = value; return this; }
        Copy event(EventKind value) { event = value; return this; }
        Copy range(TimeRange value) { range = value; return this; }
        Copy timeZone(ZoneId value) { timeZone = value; return this; }
        Copy granularity(Granularity value) { granularity = value; return this; }
        Copy includeBots(boolean value) { includeBots = value; return this; }
        Copy root(RootFilter value) { root = value; return this; }
        Copy metadataSearch(String value) { metadataSearch = value; return this; }

        Copy page(int newLimit, int newOffset, SortOrder newSortOrder) {
            limit = newLimit;
            offset = newOffset;
            sortOrder = newSortOrder;
            return this;
        }

        AnalyticsQuery build() {
            return new AnalyticsQuery(workspaceId, event, range, timeZone, granularity, includeBots, filters, root, metadataSearch,
                    groupBy, metrics, limit, offset, sortOrder);
        }
    }

    /** This query after the normalisation pipeline ({@link QueryNormalizer}). */
    public AnalyticsQuery normalized() {
        return QueryNormalizer.normalize(this);
    }
}
