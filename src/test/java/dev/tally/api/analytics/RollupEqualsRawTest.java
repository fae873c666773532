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
import dev.tally.query.TimeRange;
import dev.tally.sql.RollupCatalog;
import dev.tally.sql.Source;
import dev.tally.store.ClickHouse;
import dev.tally.support.GeneratedEvents;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every query shape a rollup accepts is answered identically by that rollup and by the raw table, on
 * generated events across DST changes, with bots, leads and sales; uniques within uniqCombined64's error.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupEqualsRawTest {
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("America/New_York"),
            ZoneId.of("Europe/Berlin"), ZoneId.of("Asia/Tokyo"), ZoneId.of("Australia/Lord_Howe"));
    private static final TimeRange RANGE = new TimeRange(Instant.parse("2026-02-27T05:00:00Z"), Instant.parse("2026-04-12T17:00:00Z"));

    @Inject
    ClickHouse clickHouse;
    @Inject
    QueryRunner service;

    String workspaceId;

    @BeforeAll
    void generate() {
        GeneratedEvents.Data data = GeneratedEvents.generate(7, 15_000);
        GeneratedEvents.insert(clickHouse, data);
        workspaceId = data.workspaceId();
    }

    @Test
    void everyEligibleShapeAnswersTheSameFromRollupAndRaw() {
        Map<Source, Integer> compared = new EnumMap<>(Source.class);
        for (AnalyticsQuery query : shapes()) {
            AnalyticsAnswer raw = service.aggregate(query, Source.RAW_EVENTS);
            for (Source rollup : Source.values()) {
                if (!rollup.isRollup() || !RollupCatalog.answersExactly(rollup, query).isEmpty()) {
                    continue;
                }
                AnalyticsAnswer rolled = service.aggregate(query, rollup);
                String what = query.groupBy() + " " + query.filters() + " " + query.event() + " " + query.timeZone() + " " + rollup;
                switch (query.groupBy()) {
                    case COUNT -> {
                        assertThat(Answers.totals(rolled.rows().single())).as(what).isEqualTo(Answers.totals(raw.rows().single()));
                        if (query.has(Metric.UNIQUE_VISITORS)) {
                            long exact = raw.rows().single().longValue("unique_visitors");
                            assertThat((double) rolled.rows().single().longValue("unique_visitors")).as(what)
                                    .isCloseTo(exact, org.assertj.core.data.Offset.offset(Math.max(1.0, exact * 0.01)));
                        }
                    }
                    case TIMESERIES -> assertThat(Answers.series(rolled)).as(what).isEqualTo(Answers.series(raw));
                    default -> assertThat(rolled.rows().rows().stream().map(Answers::totals).toList()).as(what)
                            .isEqualTo(raw.rows().rows().stream().map(Answers::totals).toList());
                }
                if (query.groupBy().dimension().isPresent()) {
                    assertThat(Answers.groups(rolled)).as(what).isEqualTo(Answers.groups(raw));
                }
                compared.merge(rollup, 1, Integer::sum);
            }
        }
        assertThat(compared).containsOnlyKeys(java.util.Arrays.stream(Source.values()).filter(Source::isRollup).toArray(Source[]::new));
        assertThat(compared.values()).allMatch(n -> n >= 20);
    }

    private List<AnalyticsQuery> shapes() {
        List<AnalyticsQuery> shapes = new ArrayList<>();
        for (ZoneId zone : ZONES) {
            for (boolean bots : List.of(false, true)) {
                for (EventKind event : EventKind.values()) {
                    AnalyticsQuery base = AnalyticsQuery.of(workspaceId, event, RANGE, zone, Granularity.DAY).withIncludeBots(bots)
                            .withPage(5000, 0, dev.tally.query.SortOrder.DESC);
                    shapes.add(base.withMetrics(Set.of(Metric.CLICKS, Metric.LEADS, Metric.SALES, Metric.SALE_AMOUNT, Metric.UNIQUE_VISITORS)));
                    for (Granularity granularity : List.of(Granularity.HOUR, Granularity.DAY, Granularity.WEEK, Granularity.MONTH)) {
                        shapes.add(base.withGroupBy(GroupBy.TIMESERIES).withGranularity(granularity));
                    }
                    if (event != EventKind.COMPOSITE && event != EventKind.SALES) {
                        continue;
                    }
                    for (GroupBy groupBy : GroupBy.values()) {
                        if (groupBy.dimension().isPresent()) {
                            shapes.add(base.withGroupBy(groupBy));
                        }
                    }
                    shapes.add(base.withGroupBy(GroupBy.COUNTRIES).withFilter(Filter.excluding(Dimension.COUNTRY, "US", "GB")));
                    shapes.add(base.withGroupBy(GroupBy.CITIES).withFilter(Filter.including(Dimension.CITY, "London", "São Paulo")));
                    shapes.add(base.withGroupBy(GroupBy.TIMESERIES).withFilter(Filter.including(Dimension.DEVICE, "Mobile")));
                    shapes.add(base.withFilter(Filter.excluding(Dimension.REFERER, "")));
                    shapes.add(base.withFilter(Filter.including(Dimension.UTM_SOURCE, "newsletter", "google")));
                    shapes.add(base.withGroupBy(GroupBy.REGIONS).withFilter(Filter.including(Dimension.CONTINENT, "NA", "EU"))
                            .withFilter(Filter.excluding(Dimension.CITY, "London")));
                    shapes.add(base.withGroupBy(GroupBy.OS).withFilter(Filter.including(Dimension.BROWSER, "Chrome", "Safari"))
                            .withFilter(Filter.excluding(Dimension.DEVICE, "Tablet")));
                    shapes.add(base.withGroupBy(GroupBy.UTM_MEDIUMS).withFilter(Filter.excluding(Dimension.UTM_SOURCE, "")));
                    shapes.add(base.withGroupBy(GroupBy.TIMESERIES).withFilter(Filter.including(Dimension.TRIGGER, "qr"))
                            .withFilter(Filter.excluding(Dimension.DOMAIN, "go.acme.com")));
                    shapes.add(base.withGroupBy(GroupBy.TIMESERIES).withFilter(Filter.excluding(Dimension.TAG_ID, "tag_a")));
                    shapes.add(base.withGroupBy(GroupBy.TOP_TAGS).withFilter(Filter.including(Dimension.TENANT_ID, "ten_1"))
                            .withFilter(Filter.excluding(Dimension.PARTNER_ID, "par_2")));
                }
            }
        }
        return shapes;
    }
}
