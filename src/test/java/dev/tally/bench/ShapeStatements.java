package dev.tally.bench;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Dimension;
import dev.tally.query.EventKind;
import dev.tally.query.Filter;
import dev.tally.query.Granularity;
import dev.tally.query.GroupBy;
import dev.tally.query.Metric;
import dev.tally.query.RangeParser;
import dev.tally.query.SortOrder;
import dev.tally.query.SurfaceRules;
import dev.tally.sql.Planner;
import dev.tally.sql.Sql;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/** The statements seed 002's and seed 004's answers run, for the bare engine to run the same work. */
final class ShapeStatements {
    private ShapeStatements() {
    }

    static List<Sql> linkReport(String workspaceId, String linkId, ZoneId zone) {
        AnalyticsQuery query = AnalyticsQuery.of(workspaceId, EventKind.CLICKS,
                        RangeParser.range(SurfaceRules.LINK_REPORT.range(), null, null, null, zone, Instant.now()), zone, Granularity.DAY)
                .withPage(10, 0, SortOrder.DESC).withFilter(Filter.including(Dimension.LINK_ID, linkId));
        return statements(List.of(GroupBy.COUNT, GroupBy.TIMESERIES, GroupBy.REFERERS, GroupBy.COUNTRIES, GroupBy.CITIES, GroupBy.DEVICES,
                GroupBy.BROWSERS, GroupBy.OS).stream().map(query::withGroupBy).toList());
    }

    static List<Sql> slug(String workspaceId, String linkId, ZoneId zone) {
        AnalyticsQuery query = AnalyticsQuery.of(workspaceId, EventKind.CLICKS,
                        RangeParser.period(SurfaceRules.SLUG_ANALYTICS.range(), "90d", zone, Instant.now()), zone, Granularity.DAY)
                .withPage(10, 0, SortOrder.DESC).withFilter(Filter.including(Dimension.LINK_ID, linkId));
        return statements(List.of(query.withGroupBy(GroupBy.COUNT).withMetrics(Set.of(Metric.CLICKS, Metric.UNIQUE_VISITORS)),
                query.withGroupBy(GroupBy.TIMESERIES), query.withGroupBy(GroupBy.REFERERS), query.withGroupBy(GroupBy.COUNTRIES),
                query.withGroupBy(GroupBy.DEVICES), query.withGroupBy(GroupBy.BROWSERS)));
    }

    /** What the surfaces run: one GROUPING SETS statement where the planner combines the parts, else one per part. */
    private static List<Sql> statements(List<AnalyticsQuery> parts) {
        return Planner.planTogether(parts).map(plan -> List.of(plan.sql()))
                .orElseGet(() -> parts.stream().map(part -> Planner.plan(part).sql()).toList());
    }
}
