package dev.tally.sql;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Dimension;
import dev.tally.query.EventKind;
import dev.tally.query.Filter;
import dev.tally.query.Granularity;
import dev.tally.query.GroupBy;
import dev.tally.query.SortOrder;
import dev.tally.query.TimeRange;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import dev.tally.support.GeneratedEvents;
import dev.tally.support.Oracle;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact SQL of canonical queries ({@code {pN:Type}} placeholders and all, no value in the text), each
 * then executed on the embedded engine over generated events and checked against the oracle.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlSnapshotTest {
    static final TimeRange RANGE = new TimeRange(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z"));

    @Inject
    ClickHouse clickHouse;

    GeneratedEvents.Data data;
    Oracle oracle;

    @BeforeAll
    void generate() {
        data = GeneratedEvents.generate(11, 8_000);
        GeneratedEvents.insert(clickHouse, data);
        oracle = new Oracle(data);
    }

    static AnalyticsQuery countriesExcludingTwo(String workspaceId) {
        return AnalyticsQuery.of(workspaceId, EventKind.CLICKS, RANGE, ZoneId.of("UTC"), Granularity.DAY)
                .withGroupBy(GroupBy.COUNTRIES).withFilter(Filter.excluding(Dimension.COUNTRY, "US", "GB"));
    }

    static AnalyticsQuery newYorkDailySeries(String workspaceId) {
        return AnalyticsQuery.of(workspaceId, EventKind.COMPOSITE, RANGE, ZoneId.of("America/New_York"), Granularity.DAY)
                .withGroupBy(GroupBy.TIMESERIES);
    }

    static AnalyticsQuery rawThreeFilters(String workspaceId) {
        return AnalyticsQuery.of(workspaceId, EventKind.CLICKS, RANGE, ZoneId.of("UTC"), Granularity.DAY)
                .withFilter(Filter.including(Dimension.COUNTRY, "US", "IN"))
                .withFilter(Filter.excluding(Dimension.DEVICE, "Tablet"))
                .withFilter(Filter.including(Dimension.FOLDER_ID, "fold_1"));
    }

    static AnalyticsQuery eventsPage(String workspaceId) {
        return AnalyticsQuery.of(workspaceId, EventKind.SALES, RANGE, ZoneId.of("UTC"), Granularity.DAY)
                .withFilter(Filter.including(Dimension.TAG_ID, "tag_a")).withPage(50, 100, SortOrder.DESC);
    }

    @Test
    void countriesExcludingTwoReadTheGeographyRollup() {
        Plan plan = Planner.plan(countriesExcludingTwo("ws_snap"));
        assertThat(plan.source()).isEqualTo(Source.GEO_HOURLY);
        assertThat(plan.sql().text()).isEqualTo("""
                SELECT country AS value, sumIf(event_count, event_type = 'click') AS clicks, sumIf(event_count, event_type = 'lead') AS leads, \
                sumIf(event_count, event_type = 'sale') AS sales, sumIf(event_count, event_type = 'view') AS views, \
                sumIf(sale_amount, event_type = 'sale') AS sale_total
                FROM rollup_geo_hourly
                WHERE workspace_id = {p1:String}
                  AND event_type IN {p2:Array(String)}
                  AND hour >= {p3:DateTime64(3, 'UTC')}
                  AND hour < {p4:DateTime64(3, 'UTC')}
                  AND NOT bot
                  AND country NOT IN {p5:Array(String)}
                GROUP BY value
                ORDER BY clicks DESC, value
                LIMIT {p6:UInt32}
                SETTINGS enable_analyzer = 0""");
        assertThat(plan.sql().params()).containsEntry("p1", Param.string("ws_snap"))
                .containsEntry("p2", Param.strings(List.of("click")))
                .containsEntry("p3", Param.dateTime64(RANGE.start()))
                .containsEntry("p5", Param.strings(List.of("US", "GB")))
                .containsEntry("p6", Param.uint32(100));

        AnalyticsQuery query = countriesExcludingTwo(data.workspaceId());
        Map<List<String>, Oracle.Totals> expected = new HashMap<>(oracle.groupBy(query));
        Map<List<String>, Long> clicks = new HashMap<>();
        for (Row row : clickHouse.query(Planner.plan(query).sql()).rows()) {
            clicks.put(List.of(row.string("value")), row.longValue("clicks"));
        }
        expected.values().removeIf(t -> t.clicks() == 0);
        assertThat(clicks).isEqualTo(expected.entrySet().stream().collect(
                java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().clicks())));
    }

    @Test
    void newYorkDailySeriesReadsTheWorkspaceRollupWithTheZoneBound() {
        Plan plan = Planner.plan(newYorkDailySeries("ws_snap"));
        assertThat(plan.source()).isEqualTo(Source.WORKSPACE_HOURLY);
        assertThat(plan.sql().text()).isEqualTo("""
                SELECT toStartOfDay(hour, {p1:String}) AS bucket, sumIf(event_count, event_type = 'click') AS clicks, \
                sumIf(event_count, event_type = 'lead') AS leads, sumIf(event_count, event_type = 'sale') AS sales, \
                sumIf(event_count, event_type = 'view') AS views, sumIf(sale_amount, event_type = 'sale') AS sale_total
                FROM rollup_workspace_hourly
                WHERE workspace_id = {p2:String}
                  AND event_type IN {p3:Array(String)}
                  AND hour >= {p4:DateTime64(3, 'UTC')}
                  AND hour < {p5:DateTime64(3, 'UTC')}
                  AND NOT bot
                GROUP BY bucket
                ORDER BY bucket
                SETTINGS enable_analyzer = 0""");
        assertThat(plan.sql().params()).containsEntry("p1", Param.string("America/New_York"));

        AnalyticsQuery query = newYorkDailySeries(data.workspaceId());
        Map<Instant, Long> clicks = new HashMap<>();
        for (Row row : clickHouse.query(Planner.plan(query).sql()).rows()) {
            clicks.put(row.instant("bucket"), row.longValue("clicks"));
        }
        Map<Instant, Long> expected = new HashMap<>();
        oracle.timeseries(query).forEach((bucket, totals) -> expected.put(bucket, totals.clicks()));
        assertThat(clicks).isEqualTo(expected);
    }

    @Test
    void threeFiltersWithAnExclusionAndALinkAttributeReadTheRawTable() {
        Plan plan = Planner.plan(rawThreeFilters("ws_snap"));
        assertThat(plan.source()).isEqualTo(Source.RAW_EVENTS);
        assertThat(plan.sql().text()).isEqualTo("""
                SELECT countIf(event_type = 'click') AS clicks, countIf(event_type = 'lead') AS leads, \
                countIf(event_type = 'sale') AS sales, countIf(event_type = 'view') AS views, \
                sumIf(amount, event_type = 'sale') AS sale_total
                FROM events
                WHERE workspace_id = {p1:String}
                  AND event_type IN {p2:Array(String)}
                  AND timestamp >= {p3:DateTime64(3, 'UTC')}
                  AND timestamp < {p4:DateTime64(3, 'UTC')}
                  AND NOT bot
                  AND link_id IN (SELECT id FROM links FINAL WHERE workspace_id = {p1:String} AND NOT deleted AND folder_id IN {p5:Array(String)})
                  AND country IN {p6:Array(String)}
                  AND device NOT IN {p7:Array(String)}""");
        assertThat(plan.sql().params()).containsEntry("p5", Param.strings(List.of("fold_1")))
                .containsEntry("p6", Param.strings(List.of("US", "IN"))).containsEntry("p7", Param.strings(List.of("Tablet")));

        AnalyticsQuery query = rawThreeFilters(data.workspaceId());
        assertThat(clickHouse.query(Planner.plan(query).sql()).single().longValue("clicks")).isEqualTo(oracle.count(query).clicks());
    }

    @Test
    void anEventsPageFindsItsKeysOnNarrowColumnsThenReadsWideRows() {
        Plan plan = Planner.planEvents(eventsPage("ws_snap"));
        assertThat(plan.sql().text()).isEqualTo("SELECT " + EventListSql.COLUMNS + """

                FROM events LEFT JOIN (SELECT id, url AS link_url, external_id, tenant_id, folder_id, tag_ids, created_at, title, partner_id, updated_at \
                FROM links FINAL WHERE workspace_id = {p11:String} AND NOT deleted) AS l ON link_id = l.id
                WHERE workspace_id = {p6:String} AND timestamp >= {p7:DateTime64(3, 'UTC')} AND timestamp < {p8:DateTime64(3, 'UTC')}
                  AND (timestamp, event_id) IN (
                    SELECT timestamp, event_id FROM events
                    WHERE workspace_id = {p1:String}
                    AND event_type IN {p2:Array(String)}
                    AND timestamp >= {p3:DateTime64(3, 'UTC')}
                    AND timestamp < {p4:DateTime64(3, 'UTC')}
                    AND NOT bot
                    AND link_id IN (SELECT id FROM links FINAL WHERE workspace_id = {p1:String} AND NOT deleted AND hasAny(tag_ids, {p5:Array(String)}))
                    ORDER BY timestamp DESC, event_id DESC
                    LIMIT {p9:UInt32} OFFSET {p10:UInt64})
                ORDER BY timestamp DESC, event_id DESC""");
        assertThat(plan.sql().params()).containsEntry("p9", Param.uint32(50)).containsEntry("p10", Param.uint64(100));

        AnalyticsQuery query = eventsPage(data.workspaceId()).withPage(7, 14, SortOrder.DESC);
        List<String> ids = clickHouse.query(Planner.planEvents(query).sql()).rows().stream().map(r -> r.string("event_id")).toList();
        assertThat(ids).isNotEmpty().isEqualTo(oracle.page(query));
    }
}
