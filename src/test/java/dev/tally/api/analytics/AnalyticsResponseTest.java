package dev.tally.api.analytics;

import dev.tally.runner.QueryRunner;
import dev.tally.runner.AnalyticsAnswer;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.EventKind;
import dev.tally.query.Granularity;
import dev.tally.query.GroupBy;
import dev.tally.query.Metric;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import dev.tally.store.ClickHouse;
import dev.tally.support.GeneratedEvents;
import dev.tally.support.Oracle;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The native body's shapes (Dub's), with numbers from the oracle; zero-filled series across DST. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsResponseTest {
    @Inject
    ClickHouse clickHouse;
    @Inject
    QueryRunner service;

    GeneratedEvents.Data data;
    Oracle oracle;

    @BeforeAll
    void generate() {
        data = GeneratedEvents.generate(5, 4_000);
        GeneratedEvents.insert(clickHouse, data);
        oracle = new Oracle(data);
    }

    @Test
    void countIsOneObjectWithUniqueVisitorsAndTheHeadersSayHowItWasAnswered() {
        AnalyticsQuery query = QueryCases.base(data.workspaceId(), ZoneId.of("UTC"))
                .withMetrics(QueryParser.defaultMetrics(EventKind.COMPOSITE, GroupBy.COUNT));
        AnalyticsAnswer answer = service.aggregate(query);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) AnalyticsResponse.body(answer);
        Oracle.Totals expected = oracle.count(query);
        assertThat(body).containsOnlyKeys("clicks", "leads", "sales", "saleAmount", "uniqueVisitors")
                .containsEntry("clicks", expected.clicks()).containsEntry("leads", expected.leads())
                .containsEntry("sales", expected.sales()).containsEntry("saleAmount", expected.saleAmount());
        assertThat(AnalyticsResponse.headers(answer)).containsEntry("X-Tally-Source", "rollup")
                .containsEntry("X-Tally-Table", "rollup_workspace_hourly").containsKey("X-Tally-Unique-Visitors-Error");
    }

    @Test
    void timeseriesHasEveryLocalDayOnceAcrossDstZeroFilled() {
        ZoneId newYork = ZoneId.of("America/New_York");
        AnalyticsQuery query = new QueryParser(java.time.Clock.systemUTC()).parse(Map.of("groupBy", List.of("timeseries"),
                        "start", List.of("2026-03-01"), "end", List.of("2026-03-15"), "timezone", List.of("America/New_York"),
                        "event", List.of("composite")), SurfaceRules.NATIVE_ANALYTICS, data.workspaceId(), ZoneId.of("UTC"))
                .withGranularity(Granularity.DAY);
        List<Map<String, Object>> series = rows(AnalyticsResponse.body(service.aggregate(query)));
        assertThat(series).hasSize(14);
        assertThat(series.get(7).get("start")).isEqualTo("2026-03-08T00:00:00-05:00");
        assertThat(series.get(8).get("start")).isEqualTo("2026-03-09T00:00:00-04:00");
        Map<Instant, Oracle.Totals> expected = oracle.timeseries(query);
        for (Map<String, Object> point : series) {
            Instant start = Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse((String) point.get("start")));
            Oracle.Totals totals = expected.getOrDefault(start, new Oracle.Totals(0, 0, 0, 0, 0));
            assertThat(point).containsEntry("clicks", totals.clicks()).containsEntry("saleAmount", totals.saleAmount());
        }
        // A day with no events in range is present as zeros.
        AnalyticsQuery empty = query.withRange(new dev.tally.query.TimeRange(Instant.parse("2025-01-01T05:00:00Z"), Instant.parse("2025-01-04T05:00:00Z")));
        assertThat(rows(AnalyticsResponse.body(service.aggregate(empty)))).hasSize(3)
                .allSatisfy(point -> assertThat(point).containsEntry("clicks", 0L).containsEntry("sales", 0L));
        assertThat(newYork).isNotNull();
    }

    @Test
    void groupRowsAreKeyedBySingularFieldsInDubsShape() {
        AnalyticsQuery base = QueryCases.base(data.workspaceId(), ZoneId.of("UTC")).withMetrics(java.util.Set.of(Metric.CLICKS));
        Map<String, Object> country = rows(AnalyticsResponse.body(service.aggregate(base.withGroupBy(GroupBy.COUNTRIES)))).getFirst();
        assertThat(country).containsKeys("country", "clicks", "leads", "sales", "saleAmount").containsEntry("region", "*").containsEntry("city", "*");
        Map<String, Object> city = rows(AnalyticsResponse.body(service.aggregate(base.withGroupBy(GroupBy.CITIES)))).getFirst();
        assertThat(city).containsKeys("country", "region", "city");
        assertThat(rows(AnalyticsResponse.body(service.aggregate(base.withGroupBy(GroupBy.REFERERS)))))
                .extracting(row -> row.get("referer")).contains("(direct)", "google.com").doesNotContain("");
        assertThat(rows(AnalyticsResponse.body(service.aggregate(base.withGroupBy(GroupBy.UTM_SOURCES)))).getFirst()).containsKey("utm_source");
        List<Map<String, Object>> links = rows(AnalyticsResponse.body(service.aggregate(base.withGroupBy(GroupBy.TOP_LINKS))));
        assertThat(links.getFirst()).containsKeys("id", "domain", "key", "shortLink", "url", "createdAt");
        assertThat(links).anySatisfy(link -> assertThat(link).containsEntry("shortLink", "https://tly.sh/launch"));
        // Rows sort by the asked event: clicks descending.
        List<Long> clicks = links.stream().map(link -> (Long) link.get("clicks")).toList();
        assertThat(clicks).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Object body) {
        return (List<Map<String, Object>>) body;
    }
}
