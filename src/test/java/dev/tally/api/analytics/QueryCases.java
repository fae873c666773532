package dev.tally.api.analytics;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.EventKind;
import dev.tally.query.Granularity;
import dev.tally.query.TimeRange;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** Base queries the answer tests start from. */
final class QueryCases {
    static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"));

    private QueryCases() {
    }

    /** Local midnight of Mar 1 to local midnight of Apr 10 2026: across US and EU DST changes. */
    static AnalyticsQuery base(String workspaceId, ZoneId zone) {
        TimeRange range = new TimeRange(LocalDate.of(2026, 3, 1).atStartOfDay(zone).toInstant(),
                LocalDate.of(2026, 4, 10).atStartOfDay(zone).toInstant());
        return AnalyticsQuery.of(workspaceId, EventKind.COMPOSITE, range, zone, Granularity.DAY).withPage(5000, 0, dev.tally.query.SortOrder.DESC);
    }
}
