package dev.tally.api.analytics;

import dev.tally.runner.QueryRunner;
import dev.tally.runner.AnalyticsAnswer;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Dimension;
import dev.tally.query.EventKind;
import dev.tally.query.Filter;
import dev.tally.query.Granularity;
import dev.tally.query.GroupBy;
import dev.tally.query.Metric;
import dev.tally.query.Operator;
import dev.tally.query.RootFilter;
import dev.tally.query.TimeBuckets;
import dev.tally.store.ClickHouse;
import dev.tally.support.GeneratedEvents;
import dev.tally.support.Oracle;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's answers equal the oracle's Java counts for every filter (including, excluding, lists), every
 * group-by and timeseries, in UTC, America/New_York and Asia/Kolkata.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnswersMatchOracleTest {
    @Inject
    ClickHouse clickHouse;
    @Inject
    QueryRunner service;

    GeneratedEvents.Data data;
    Oracle oracle;

    @BeforeAll
    void generate() {
        data = GeneratedEvents.generate(42, 20_000);
        GeneratedEvents.insert(clickHouse, data);
        oracle = new Oracle(data);
    }

    @Test
    void everyFilterIncludingExcludingAndListsCountsLikeTheOracle() {
        int checked = 0;
        for (ZoneId zone : QueryCases.ZONES) {
            AnalyticsQuery base = QueryCases.base(data.workspaceId(), zone);
            for (Dimension dimension : Dimension.values()) {
                for (Filter filter : filterCases(dimension)) {
                    AnalyticsQuery query = base.withFilter(filter);
                    if (dimension == Dimension.KEY) {
                        query = query.withFilter(Filter.including(Dimension.DOMAIN, "tly.sh", "go.acme.com"));
                    }
                    AnalyticsAnswer answer = service.aggregate(query);
                    assertThat(Answers.totals(answer.rows().single())).as("%s in %s via %s", filter, zone, answer.plan().source())
                            .isEqualTo(oracle.count(query));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(250);
    }

    @Test
    void rootMetadataSearchAndBotsCountLikeTheOracle() {
        for (ZoneId zone : QueryCases.ZONES) {
            AnalyticsQuery base = QueryCases.base(data.workspaceId(), zone);
            for (AnalyticsQuery query : List.of(base.withRoot(RootFilter.ROOT_ONLY), base.withRoot(RootFilter.LINKS_ONLY),
                    base.withEvent(EventKind.SALES).withMetadataSearch("pro annual"), base.withIncludeBots(true),
                    base.withEvent(EventKind.LEADS), base.withEvent(EventKind.VIEWS), base.withEvent(EventKind.CLICKS))) {
                assertThat(Answers.totals(service.aggregate(query).rows().single())).as("%s", query).isEqualTo(oracle.count(query));
            }
        }
    }

    @Test
    void everyGroupByMatchesTheOracle() {
        for (ZoneId zone : QueryCases.ZONES) {
            for (GroupBy groupBy : GroupBy.values()) {
                if (groupBy.dimension().isEmpty()) {
                    continue;
                }
                for (EventKind event : List.of(EventKind.COMPOSITE, EventKind.SALES)) {
                    AnalyticsQuery query = QueryCases.base(data.workspaceId(), zone).withGroupBy(groupBy).withEvent(event)
                            .withFilter(Filter.excluding(Dimension.DEVICE, "Tablet"));
                    AnalyticsAnswer answer = service.aggregate(query);
                    assertThat(Answers.groups(answer)).as("%s %s in %s", groupBy, event, zone).isEqualTo(oracle.groupBy(query));
                    // The same group-by on its own dimension only, which the rollups can answer.
                    AnalyticsQuery plain = query.withFilters(List.of());
                    assertThat(Answers.groups(service.aggregate(plain))).as("%s plain in %s", groupBy, zone).isEqualTo(oracle.groupBy(plain));
                }
            }
        }
    }

    @Test
    void timeseriesMatchesTheOracleInEveryGranularityAcrossDst() {
        for (ZoneId zone : QueryCases.ZONES) {
            for (Granularity granularity : EnumSet.of(Granularity.HOUR, Granularity.DAY, Granularity.WEEK, Granularity.MONTH)) {
                AnalyticsQuery query = QueryCases.base(data.workspaceId(), zone).withGroupBy(GroupBy.TIMESERIES).withGranularity(granularity);
                for (AnalyticsQuery variant : List.of(query, query.withFilter(Filter.including(Dimension.COUNTRY, "US", "IN")),
                        query.withFilter(Filter.including(Dimension.FOLDER_ID, "fold_1")))) {
                    AnalyticsAnswer answer = service.aggregate(variant);
                    var expected = oracle.timeseries(variant);
                    assertThat(Answers.series(answer)).as("%s %s %s via %s", variant.filters(), granularity, zone, answer.plan().source())
                            .isEqualTo(expected);
                    assertThat(TimeBuckets.of(variant)).containsAll(expected.keySet());
                }
            }
        }
    }

    @Test
    void uniqueVisitorsAreWithinTheDocumentedError() {
        for (ZoneId zone : QueryCases.ZONES) {
            AnalyticsQuery query = QueryCases.base(data.workspaceId(), zone).withMetrics(Set.of(Metric.CLICKS, Metric.UNIQUE_VISITORS));
            long expected = oracle.uniqueVisitors(query);
            long actual = service.aggregate(query).rows().single().longValue("unique_visitors");
            assertThat((double) Math.abs(actual - expected)).isLessThanOrEqualTo(Math.max(1, expected * 0.01));
        }
    }

    private List<Filter> filterCases(Dimension dimension) {
        List<String> values = oracle.distinctValues(dimension).stream().filter(v -> !v.isEmpty()).toList();
        if (dimension == Dimension.EXTERNAL_ID) {
            values = oracle.distinctValues(dimension);
        }
        List<Filter> cases = new ArrayList<>();
        String first = values.getFirst();
        String second = values.size() > 1 ? values.get(1) : "nothing-like-this";
        cases.add(new Filter(dimension, Operator.INCLUDE, List.of(first)));
        if (dimension.accepts() != Dimension.Values.SINGLE) {
            cases.add(new Filter(dimension, Operator.INCLUDE, List.of(first, second)));
            cases.add(new Filter(dimension, Operator.EXCLUDE, List.of(first)));
            cases.add(new Filter(dimension, Operator.EXCLUDE, List.of(first, second)));
        }
        return cases;
    }
}
