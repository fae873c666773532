package dev.tally.api.analytics;

import dev.tally.runner.QueryRunner;
import dev.tally.runner.AnalyticsAnswer;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Dimension;
import dev.tally.query.EventKind;
import dev.tally.query.Filter;
import dev.tally.query.GroupBy;
import dev.tally.query.Operator;
import dev.tally.sql.Source;
import dev.tally.store.ClickHouse;
import dev.tally.support.GeneratedEvents;
import dev.tally.support.Oracle;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filter values full of SQL and encoding traps are plain values: they match exactly the events that carry
 * them (stored as such), match nothing else, and never raise an error or reach another workspace.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InjectionTest {
    static final List<String> AWKWARD = List.of(
            "it's", "double \" quote", "back\\slash and \\' mixed", "')) OR 1=1 --", "' OR workspace_id != '",
            "tab\there\nnewline", "nul\0byte", "unicode: ünïcödé ✓ 漢字 🚀", "{p1:String}", "x".repeat(10_000));

    @Inject
    ClickHouse clickHouse;
    @Inject
    QueryRunner service;

    GeneratedEvents.Data data;
    Oracle oracle;

    @BeforeAll
    void generate() {
        data = GeneratedEvents.withCities(GeneratedEvents.generate(3, 3_000), AWKWARD);
        GeneratedEvents.insert(clickHouse, data);
        oracle = new Oracle(data);
    }

    @Test
    void awkwardValuesAreAnsweredAsPlainValuesOnRawAndRollups() {
        for (ZoneId zone : List.of(ZoneId.of("UTC"), ZoneId.of("Asia/Kolkata"))) {
            AnalyticsQuery base = QueryCases.base(data.workspaceId(), zone).withEvent(EventKind.COMPOSITE).withIncludeBots(true);
            for (String value : AWKWARD) {
                for (Operator operator : Operator.values()) {
                    for (Dimension dimension : List.of(Dimension.CITY, Dimension.FOLDER_ID, Dimension.UTM_TERM)) {
                        AnalyticsQuery query = base.withFilter(new Filter(dimension, operator, List.of(value, "London")));
                        AnalyticsAnswer answer = service.aggregate(query);
                        assertThat(Answers.totals(answer.rows().single())).as("%s %s %s", dimension, operator, answer.plan().source())
                                .isEqualTo(oracle.count(query));
                    }
                    AnalyticsQuery grouped = base.withGroupBy(GroupBy.CITIES).withFilter(new Filter(Dimension.CITY, operator, List.of(value)));
                    assertThat(Answers.groups(service.aggregate(grouped))).isEqualTo(oracle.groupBy(grouped));
                }
                AnalyticsQuery search = base.withEvent(EventKind.SALES).withMetadataSearch(value);
                assertThat(Answers.totals(service.aggregate(search).rows().single())).isEqualTo(oracle.count(search));
            }
        }
    }

    @Test
    void eachAwkwardCityMatchesOnlyItsOwnEventAndTheRollupAgrees() {
        AnalyticsQuery base = QueryCases.base(data.workspaceId(), ZoneId.of("UTC")).withIncludeBots(true);
        long found = 0;
        for (String value : AWKWARD) {
            AnalyticsQuery query = base.withFilter(Filter.including(Dimension.CITY, value));
            long expected = oracle.matching(query).size();
            assertThat(expected).isLessThanOrEqualTo(1);
            found += expected;
            AnalyticsAnswer raw = service.aggregate(query, Source.RAW_EVENTS);
            AnalyticsAnswer rollup = service.aggregate(query, Source.GEO_HOURLY);
            assertThat(Answers.totals(raw.rows().single())).isEqualTo(oracle.count(query)).isEqualTo(Answers.totals(rollup.rows().single()));
        }
        assertThat(found).as("awkward cities inside the range").isGreaterThanOrEqualTo(5);
    }
}
