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
import dev.tally.sql.WindowedGroupingSetsSql;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/** The statements seed 002's and seed 004's answers run, for the bare engine to run the same work. */
final class ShapeStatements {
    private ShapeStatements() {
    }

    /** Seed 002's parts as the surface asks them (clicks only, ADR 0180). */
    static List<Sql> linkReport(String workspaceId, String linkId, ZoneId zone) {
        return statements(linkReportParts(workspaceId, linkId, zone, Set.of(Metric.CLICKS)));
    }

    /** Seed 004's parts as the surface asks them (clicks, unique visitors for the total; ADR 0180). */
    static List<Sql> slug(String workspaceId, String linkId, ZoneId zone) {
        return statements(slugParts(workspaceId, linkId, zone, Set.of(Metric.CLICKS)));
    }

    /** Before ADR 0180: the parts with the default metrics, in the windowed statement. */
    static List<Sql> linkReportBefore(String workspaceId, String linkId, ZoneId zone) {
        return List.of(WindowedGroupingSetsSql.build(linkReportParts(workspaceId, linkId, zone, Set.of())));
    }

    /** Before ADR 0180: the parts with the default metrics, in the windowed statement. */
    static List<Sql> slugBefore(String workspaceId, String linkId, ZoneId zone) {
        return List.of(WindowedGroupingSetsSql.build(slugParts(workspaceId, linkId, zone, Set.of())));
    }

    /** {@code metrics} empty: AnalyticsQuery's default metrics, what the surfaces asked before ADR 0180. */
    private static List<AnalyticsQuery> linkReportParts(String workspaceId, String linkId, ZoneId zone, Set<Metric> metrics) {
        AnalyticsQuery query = AnalyticsQuery.of(workspaceId, EventKind.CLICKS,
                        RangeParser.range(SurfaceRules.LINK_REPORT.range(), null, null, null, zone, Instant.now()), zone, Granularity.DAY)
                .withPage(10, 0, SortOrder.DESC).withFilter(Filter.including(Dimension.LINK_ID, linkId));
        AnalyticsQuery asked = metrics.isEmpty() ? query : query.withMetrics(metrics);
        return List.of(GroupBy.COUNT, GroupBy.TIMESERIES, GroupBy.REFERERS, GroupBy.COUNTRIES, GroupBy.CITIES, GroupBy.DEVICES,
                GroupBy.BROWSERS, GroupBy.OS).stream().map(asked::withGroupBy).toList();
    }

    private static List<AnalyticsQuery> slugParts(String workspaceId, String linkId, ZoneId zone, Set<Metric> metrics) {
        AnalyticsQuery query = AnalyticsQuery.of(workspaceId, EventKind.CLICKS,
                        RangeParser.period(SurfaceRules.SLUG_ANALYTICS.range(), "90d", zone, Instant.now()), zone, Granularity.DAY)
                .withPage(10, 0, SortOrder.DESC).withFilter(Filter.including(Dimension.LINK_ID, linkId));
        AnalyticsQuery asked = metrics.isEmpty() ? query : query.withMetrics(metrics);
        return List.of(asked.withGroupBy(GroupBy.COUNT).withMetrics(Set.of(Metric.CLICKS, Metric.UNIQUE_VISITORS)),
                asked.withGroupBy(GroupBy.TIMESERIES), asked.withGroupBy(GroupBy.REFERERS), asked.withGroupBy(GroupBy.COUNTRIES),
                asked.withGroupBy(GroupBy.DEVICES), asked.withGroupBy(GroupBy.BROWSERS));
    }

    /** What the surfaces run: one GROUPING SETS statement where the planner combines the parts, else one per part. */
    private static List<Sql> statements(List<AnalyticsQuery> parts) {
        return Planner.planTogether(parts).map(plan -> List.of(plan.sql()))
                .orElseGet(() -> parts.stream().map(part -> Planner.plan(part).sql()).toList());
    }
}
