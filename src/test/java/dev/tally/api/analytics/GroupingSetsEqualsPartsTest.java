package dev.tally.api.analytics;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Dimension;
import dev.tally.query.EventKind;
import dev.tally.query.Filter;
import dev.tally.query.Granularity;
import dev.tally.query.GroupBy;
import dev.tally.query.Metric;
import dev.tally.query.SortOrder;
import dev.tally.query.TimeRange;
import dev.tally.runner.AnalyticsAnswer;
import dev.tally.runner.QueryRunner;
import dev.tally.sql.Planner;
import dev.tally.sql.Source;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import dev.tally.support.GeneratedEvents;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A multi-part answer asked as one GROUPING SETS statement ({@link QueryRunner#aggregateTogether}) gives every
 * part exactly the rows of the part's own statement ({@link QueryRunner#aggregateAll}, the per-query path the
 * link report and slug analytics used before), on generated events, for seed 002's and seed 004's part lists,
 * over several links, filters (with exclusions), ranges and time zones, including a range with no event.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupingSetsEqualsPartsTest {
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"),
            ZoneId.of("Australia/Lord_Howe"));
    private static final List<TimeRange> RANGES = List.of(
            new TimeRange(GeneratedEvents.FIRST, GeneratedEvents.LAST),
            new TimeRange(Instant.parse("2026-03-01T05:30:00Z"), Instant.parse("2026-04-02T00:00:00Z")),
            new TimeRange(Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2030-02-01T00:00:00Z")));
    private static final List<GroupBy> LINK_REPORT = List.of(GroupBy.COUNT, GroupBy.TIMESERIES, GroupBy.REFERERS, GroupBy.COUNTRIES,
            GroupBy.CITIES, GroupBy.DEVICES, GroupBy.BROWSERS, GroupBy.OS);
    private static final List<GroupBy> SLUG = List.of(GroupBy.COUNT, GroupBy.TIMESERIES, GroupBy.REFERERS, GroupBy.COUNTRIES,
            GroupBy.DEVICES, GroupBy.BROWSERS);

    private static final Map<Metric, String> METRIC_COLUMNS = new java.util.EnumMap<>(Map.of(Metric.CLICKS, "clicks", Metric.LEADS, "leads",
            Metric.SALES, "sales", Metric.SALE_AMOUNT, "sale_total", Metric.VIEWS, "views", Metric.UNIQUE_VISITORS, "unique_visitors"));

    @Inject
    ClickHouse clickHouse;
    @Inject
    QueryRunner service;

    GeneratedEvents.Data data;

    @BeforeAll
    void generate() {
        data = GeneratedEvents.generate(15, 12_000, "ws_grouping_sets");
        GeneratedEvents.insert(clickHouse, data);
    }

    @Test
    void everyPartEqualsItsOwnStatement() {
        List<String> links = busiestLinks(3);
        int compared = 0;
        for (ZoneId zone : ZONES) {
            for (TimeRange range : RANGES) {
                for (List<Filter> filters : filterSets(links)) {
                    AnalyticsQuery base = AnalyticsQuery.of(data.workspaceId(), EventKind.CLICKS, range, zone, Granularity.DAY)
                            .withPage(10, 0, SortOrder.DESC).withFilters(filters);
                    compared += compare(LINK_REPORT.stream().map(base::withGroupBy).toList());
                    List<AnalyticsQuery> slug = new ArrayList<>(SLUG.stream().map(base::withGroupBy).toList());
                    slug.set(0, slug.getFirst().withMetrics(Set.of(Metric.CLICKS, Metric.UNIQUE_VISITORS)));
                    compared += compare(slug);
                    // The surfaces' own part lists: clicks only (and unique visitors for the slug's total).
                    AnalyticsQuery clicks = base.withMetrics(Set.of(Metric.CLICKS));
                    compared += compare(LINK_REPORT.stream().map(clicks::withGroupBy).toList());
                    List<AnalyticsQuery> slugClicks = new ArrayList<>(SLUG.stream().map(clicks::withGroupBy).toList());
                    slugClicks.set(0, slugClicks.getFirst().withMetrics(Set.of(Metric.CLICKS, Metric.UNIQUE_VISITORS)));
                    compared += compare(slugClicks);
                    if (zone.equals(ZONES.getFirst())) {
                        // Without a series part the statement has no bucket key: every row carries the constant.
                        compared += compare(List.of(GroupBy.COUNT, GroupBy.REFERERS, GroupBy.CITIES, GroupBy.DEVICES).stream()
                                .map(clicks::withGroupBy).toList());
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(500);
    }

    @Test
    void aWholeWorkspaceAnswerByARollupStaysPerPart() {
        AnalyticsQuery base = AnalyticsQuery.of(data.workspaceId(), EventKind.CLICKS, RANGES.getFirst(), ZoneId.of("UTC"), Granularity.DAY)
                .withPage(10, 0, SortOrder.DESC);
        assertThat(Planner.planTogether(LINK_REPORT.stream().map(base::withGroupBy).toList())).isEmpty();
        assertThat(Planner.planTogether(List.of(base.withGroupBy(GroupBy.COUNT).withFilter(Filter.including(Dimension.LINK_ID, "x")),
                base.withGroupBy(GroupBy.TOP_LINKS).withFilter(Filter.including(Dimension.LINK_ID, "x"))))).isEmpty();
    }

    private int compare(List<AnalyticsQuery> parts) {
        assertThat(Planner.planTogether(parts)).as("one statement for %s", parts.getFirst().filters()).isPresent();
        List<AnalyticsAnswer> together = service.aggregateTogether(parts);
        List<AnalyticsAnswer> apart = service.aggregateAll(parts);
        int rows = 0;
        for (int i = 0; i < parts.size(); i++) {
            AnalyticsQuery part = parts.get(i);
            String what = part.groupBy() + " " + part.filters() + " " + part.range() + " " + part.timeZone();
            assertThat(together.get(i).plan().source()).isEqualTo(Source.RAW_EVENTS);
            assertThat(shown(part, together.get(i))).as(what).isEqualTo(shown(part, apart.get(i)));
            // The one statement carries only the metrics some part asks for (ADR 0180): each is computed for every set.
            List<String> carried = together.get(i).rows().columns().stream().map(dev.tally.store.Column::name)
                    .filter(METRIC_COLUMNS::containsValue).toList();
            assertThat(carried).as(what).allMatch(column -> parts.stream().anyMatch(p -> p.has(metricOf(column)))
                    || column.equals(dev.tally.sql.SqlBuilder.orderColumn(part)));
            rows += apart.get(i).rows().size();
        }
        return rows;
    }

    /** The columns a surface reads of each row, in order: the metrics the part asks for, then its keys. */
    private static List<List<Object>> shown(AnalyticsQuery part, AnalyticsAnswer answer) {
        List<String> columns = new ArrayList<>();
        METRIC_COLUMNS.forEach((metric, column) -> {
            if (part.has(metric)) {
                columns.add(column);
            }
        });
        switch (part.groupBy()) {
            case COUNT -> { }
            case TIMESERIES -> columns.add("bucket");
            case CITIES -> columns.addAll(List.of("within_country", "within_region", "value"));
            default -> columns.add("value");
        }
        return answer.rows().rows().stream().map(row -> columns.stream().map(c -> value(row, c)).toList()).toList();
    }

    private static Metric metricOf(String column) {
        return METRIC_COLUMNS.entrySet().stream().filter(e -> e.getValue().equals(column)).findFirst().orElseThrow().getKey();
    }

    private static Object value(Row row, String column) {
        return column.equals("bucket") ? row.instant(column) : row.string(column);
    }

    private List<List<Filter>> filterSets(List<String> links) {
        return List.of(
                List.of(Filter.including(Dimension.LINK_ID, links.get(0))),
                List.of(Filter.including(Dimension.LINK_ID, links.get(1)), Filter.excluding(Dimension.COUNTRY, "US")),
                List.of(Filter.including(Dimension.LINK_ID, links.get(2), links.get(0)), Filter.excluding(Dimension.DEVICE, "Mobile"),
                        Filter.including(Dimension.BROWSER, "Chrome", "Safari", "Firefox")),
                List.of(Filter.including(Dimension.LINK_ID, links.get(0)), Filter.excluding(Dimension.TAG_ID, "tag_a")));
    }

    private List<String> busiestLinks(int count) {
        Map<String, Long> clicks = data.events().stream().filter(e -> e.eventType().equals("click"))
                .collect(Collectors.groupingBy(GeneratedEvents.Event::linkId, Collectors.counting()));
        return clicks.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(count).map(Map.Entry::getKey).toList();
    }
}
