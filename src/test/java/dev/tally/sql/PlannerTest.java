package dev.tally.sql;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Dimension;
import dev.tally.query.EventKind;
import dev.tally.query.Filter;
import dev.tally.query.Granularity;
import dev.tally.query.GroupBy;
import dev.tally.query.Metric;
import dev.tally.query.RootFilter;
import dev.tally.query.TimeRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** A table of queries and the table each is answered from; one row per reason a rollup is refused. */
class PlannerTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final TimeRange THIRTY_DAYS = new TimeRange(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z"));

    private static AnalyticsQuery query() {
        return AnalyticsQuery.of("ws_1", EventKind.CLICKS, THIRTY_DAYS, UTC, Granularity.DAY);
    }

    static Stream<Arguments> table() {
        AnalyticsQuery count = query();
        AnalyticsQuery series = query().withGroupBy(GroupBy.TIMESERIES);
        AnalyticsQuery countries = query().withGroupBy(GroupBy.COUNTRIES);
        return Stream.of(
                // answered by a rollup: the smallest that answers exactly
                arguments("count, no filter", count, Source.WORKSPACE_HOURLY, Set.of()),
                arguments("count with uniques", count.withMetrics(Set.of(Metric.CLICKS, Metric.UNIQUE_VISITORS)), Source.WORKSPACE_HOURLY, Set.of()),
                arguments("daily series in New York", series.withTimeZone(ZoneId.of("America/New_York")), Source.WORKSPACE_HOURLY, Set.of()),
                arguments("monthly series including bots", series.withGranularity(Granularity.MONTH).withIncludeBots(true), Source.WORKSPACE_HOURLY, Set.of()),
                arguments("triggers of one domain", query().withGroupBy(GroupBy.TRIGGERS).withFilter(Filter.including(Dimension.DOMAIN, "tly.sh")),
                        Source.TRIGGER_HOURLY, Set.of(Refusal.FILTER_NOT_CARRIED, Refusal.GROUP_BY_NOT_CARRIED)),
                arguments("series filtered on one device", series.withFilter(Filter.including(Dimension.DEVICE, "Mobile")),
                        Source.DEVICE_HOURLY, Set.of(Refusal.FILTER_NOT_CARRIED)),
                arguments("browsers of mobile iOS", query().withGroupBy(GroupBy.BROWSERS).withFilter(Filter.including(Dimension.DEVICE, "Mobile"))
                        .withFilter(Filter.including(Dimension.OS, "iOS")), Source.DEVICE_HOURLY, Set.of(Refusal.FILTER_NOT_CARRIED, Refusal.GROUP_BY_NOT_CARRIED)),
                arguments("campaigns of a source", query().withGroupBy(GroupBy.UTM_CAMPAIGNS).withFilter(Filter.excluding(Dimension.UTM_SOURCE, "google")),
                        Source.UTM_HOURLY, Set.of(Refusal.FILTER_NOT_CARRIED, Refusal.GROUP_BY_NOT_CARRIED)),
                arguments("countries", countries, Source.GEO_HOURLY, Set.of(Refusal.GROUP_BY_NOT_CARRIED)),
                arguments("countries excluding two countries", countries.withFilter(Filter.excluding(Dimension.COUNTRY, "US", "GB")),
                        Source.GEO_HOURLY, Set.of(Refusal.FILTER_NOT_CARRIED, Refusal.GROUP_BY_NOT_CARRIED)),
                arguments("cities of a country on a continent", query().withGroupBy(GroupBy.CITIES).withFilter(Filter.including(Dimension.COUNTRY, "US"))
                        .withFilter(Filter.including(Dimension.CONTINENT, "NA")), Source.GEO_HOURLY, Set.of(Refusal.FILTER_NOT_CARRIED, Refusal.GROUP_BY_NOT_CARRIED)),
                // one row per reason the last rollup tried (geography) refuses, sending the query to raw
                arguments("minute series", series.withGranularity(Granularity.MINUTE), Source.RAW_EVENTS, Set.of(Refusal.MINUTE_GRANULARITY)),
                arguments("range inside an hour", count.withRange(new TimeRange(Instant.parse("2026-03-01T00:30:00Z"), THIRTY_DAYS.end())),
                        Source.RAW_EVENTS, Set.of(Refusal.RANGE_NOT_WHOLE_HOURS)),
                arguments("daily series in Kolkata (+05:30)", series.withTimeZone(ZoneId.of("Asia/Kolkata")), Source.RAW_EVENTS,
                        Set.of(Refusal.TIME_ZONE_NOT_WHOLE_HOURS)),
                arguments("countries of one device: a second group", countries.withFilter(Filter.including(Dimension.DEVICE, "Mobile")),
                        Source.RAW_EVENTS, Set.of(Refusal.FILTER_NOT_CARRIED)),
                arguments("one link's series", series.withFilter(Filter.including(Dimension.LINK_ID, "link_1")), Source.RAW_EVENTS,
                        Set.of(Refusal.FILTER_NOT_CARRIED)),
                arguments("referers: a long tail no rollup keeps", query().withGroupBy(GroupBy.REFERERS), Source.RAW_EVENTS,
                        Set.of(Refusal.GROUP_BY_NOT_CARRIED)),
                arguments("top tags through the links table", query().withGroupBy(GroupBy.TOP_TAGS), Source.RAW_EVENTS,
                        Set.of(Refusal.GROUP_BY_NOT_CARRIED)),
                arguments("uniques with a filter", count.withMetrics(Set.of(Metric.UNIQUE_VISITORS)).withFilter(Filter.including(Dimension.COUNTRY, "US")),
                        Source.RAW_EVENTS, Set.of(Refusal.UNIQUE_VISITORS_NOT_CARRIED)),
                arguments("root links only", count.withRoot(RootFilter.ROOT_ONLY), Source.RAW_EVENTS, Set.of(Refusal.ROOT_FILTER)),
                arguments("metadata search", count.withEvent(EventKind.SALES).withMetadataSearch("pro"), Source.RAW_EVENTS,
                        Set.of(Refusal.METADATA_SEARCH)));
    }

    @ParameterizedTest(name = "{0} → {2}")
    @MethodSource("table")
    void picksTheSmallestTableThatAnswersExactly(String name, AnalyticsQuery query, Source expected, Set<Refusal> reasons) {
        Plan plan = Planner.plan(query.normalized());
        assertThat(plan.source()).isEqualTo(expected);
        assertThat(plan.sql().text()).contains("FROM " + expected.table());
        // Every smaller table was tried first and said why not.
        assertThat(plan.refusals().keySet()).containsExactlyInAnyOrder(
                Stream.of(Source.values()).filter(s -> s.ordinal() < expected.ordinal()).toArray(Source[]::new));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("table")
    void theCatalogNamesExactlyTheReasonsARollupIsRefused(String name, AnalyticsQuery query, Source expected, Set<Refusal> reasons) {
        // The reasons of the table just before the chosen one (for raw answers: the geography rollup's, the last tried).
        Source asked = expected == Source.RAW_EVENTS ? Source.GEO_HOURLY
                : expected == Source.WORKSPACE_HOURLY ? Source.WORKSPACE_HOURLY : Source.values()[expected.ordinal() - 1];
        assertThat(RollupCatalog.answersExactly(asked, query.normalized())).containsExactlyInAnyOrderElementsOf(reasons);
        assertThat(RollupCatalog.answersExactly(Source.RAW_EVENTS, query)).isEmpty();
    }
}
