package dev.tally.api.analytics;

import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Dimension;
import dev.tally.query.EventKind;
import dev.tally.query.Filter;
import dev.tally.query.GroupBy;
import dev.tally.store.ClickHouse;
import dev.tally.support.GeneratedEvents;
import dev.tally.support.HttpAnswer;
import dev.tally.support.Oracle;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/analytics} over real HTTP with real keys; numbers from the oracle. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsControllerTest {
    private static final String RANGE = "start=2026-03-01&end=2026-04-10";

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ClickHouse clickHouse;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    JsonMapper json;

    TestWorkspace owner;
    GeneratedEvents.Data data;
    Oracle oracle;

    @BeforeAll
    void generate() {
        // The workspace's own zone is New York: it is the default when no timezone is given.
        owner = workspaces.create(Plan.PRO, ZoneId.of("America/New_York"), Scope.ANALYTICS_READ);
        data = GeneratedEvents.generate(21, 6_000, owner.workspace().id());
        GeneratedEvents.insert(clickHouse, data);
        oracle = new Oracle(data);
    }

    private HttpAnswer get(String query, TestWorkspace as) {
        return HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics?" + query).bearerAuth(as.apiKey()));
    }

    private AnalyticsQuery expected(ZoneId zone) {
        return QueryCases.base(data.workspaceId(), zone).withEvent(EventKind.CLICKS);
    }

    @Test
    void countAnswersDubsObjectFromTheRollupInTheWorkspaceZone() {
        HttpAnswer answer = get("groupBy=count&event=composite&" + RANGE, owner);
        assertThat(answer.status()).isEqualTo(200);
        Oracle.Totals totals = oracle.count(expected(ZoneId.of("America/New_York")).withEvent(EventKind.COMPOSITE));
        assertThat(answer.json()).containsEntry("clicks", (int) totals.clicks()).containsEntry("leads", (int) totals.leads())
                .containsEntry("sales", (int) totals.sales()).containsEntry("saleAmount", (int) totals.saleAmount())
                .containsKey("uniqueVisitors");
        assertThat(answer.header("X-Tally-Source")).contains("rollup");
        assertThat(answer.header("X-Tally-Table")).contains("rollup_workspace_hourly");
        assertThat(answer.header("X-Tally-Unique-Visitors-Error")).contains("0.0081");
    }

    @Test
    void countriesExcludingTwoMatchTheOracle() throws IOException {
        HttpAnswer answer = get("groupBy=countries&country=-US,GB&timezone=UTC&" + RANGE, owner);
        assertThat(answer.status()).isEqualTo(200);
        Map<String, Long> byCountry = new HashMap<>();
        for (Map<String, Object> row : list(answer)) {
            byCountry.put((String) row.get("country"), ((Number) row.get("clicks")).longValue());
            assertThat(row).containsEntry("region", "*").containsEntry("city", "*");
        }
        Map<String, Long> expected = new HashMap<>();
        oracle.groupBy(expected(ZoneId.of("UTC")).withGroupBy(GroupBy.COUNTRIES).withFilter(Filter.excluding(Dimension.COUNTRY, "US", "GB")))
                .forEach((key, totals) -> expected.put(key.getFirst(), totals.clicks()));
        assertThat(byCountry).isEqualTo(expected);
        assertThat(answer.header("X-Tally-Table")).contains("rollup_geo_hourly");
    }

    @Test
    void threeFiltersWithAnExclusionAreAnsweredRawAndRight() {
        HttpAnswer answer = get("groupBy=count&timezone=Asia/Kolkata&country=US,IN&device=-Tablet&folderId=fold_1&" + RANGE, owner);
        assertThat(answer.status()).isEqualTo(200);
        AnalyticsQuery query = expected(ZoneId.of("Asia/Kolkata")).withFilter(Filter.including(Dimension.COUNTRY, "US", "IN"))
                .withFilter(Filter.excluding(Dimension.DEVICE, "Tablet")).withFilter(Filter.including(Dimension.FOLDER_ID, "fold_1"));
        assertThat(answer.json()).containsEntry("clicks", (int) oracle.count(query).clicks());
        assertThat(answer.header("X-Tally-Source")).contains("raw");
    }

    @Test
    void timeseriesIsZeroFilledInTheAskedZone() throws IOException {
        HttpAnswer answer = get("groupBy=timeseries&timezone=America/New_York&start=2026-03-05&end=2026-03-12", owner);
        List<Map<String, Object>> series = list(answer);
        assertThat(series).extracting(point -> point.get("start")).containsExactly(
                "2026-03-05T00:00:00-05:00", "2026-03-06T00:00:00-05:00", "2026-03-07T00:00:00-05:00", "2026-03-08T00:00:00-05:00",
                "2026-03-09T00:00:00-04:00", "2026-03-10T00:00:00-04:00", "2026-03-11T00:00:00-04:00");
        long total = series.stream().mapToLong(point -> ((Number) point.get("clicks")).longValue()).sum();
        AnalyticsQuery query = expected(ZoneId.of("America/New_York")).withRange(new dev.tally.query.TimeRange(
                java.time.Instant.parse("2026-03-05T05:00:00Z"), java.time.Instant.parse("2026-03-12T04:00:00Z")));
        assertThat(total).isEqualTo(oracle.count(query).clicks());
    }

    @Test
    void badInputIsA400NamingTheParameterInTheNativeFormat() {
        HttpAnswer country = get("country=USA", owner);
        assertThat(country.status()).isEqualTo(400);
        assertThat(country.error()).containsEntry("code", "bad_request")
                .containsEntry("message", "country must be 2-letter ISO 3166-1 country codes (e.g. US,GB), got 'USA'.");
        assertThat(get("colour=red", owner).error()).containsEntry("message", "Unknown parameter 'colour'.");
        assertThat(get("timezone=Mars/Olympus", owner).status()).isEqualTo(400);
        assertThat(get("limit=5001&groupBy=countries", owner).error()).containsEntry("message", "limit must be at most 5000, got 5001.");
        assertThat(get("country=" + java.net.URLEncoder.encode("')) OR 1=1 --", java.nio.charset.StandardCharsets.UTF_8), owner).status())
                .isEqualTo(400);
        assertThat(get("city=" + java.net.URLEncoder.encode("')) OR 1=1 --", java.nio.charset.StandardCharsets.UTF_8) + "&" + RANGE, owner).json())
                .containsEntry("clicks", 0);
    }

    @Test
    void needsAKeyWithTheScopeAndSeesOnlyItsOwnWorkspace() {
        assertThat(HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics")).status()).isEqualTo(401);
        TestWorkspace writer = workspaces.addKey(owner.workspace(), Scope.EVENTS_WRITE);
        assertThat(get("groupBy=count", writer).status()).isEqualTo(403);
        TestWorkspace other = workspaces.create(Plan.PRO, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        assertThat(get("groupBy=count&event=composite&" + RANGE, other).json()).containsEntry("clicks", 0).containsEntry("sales", 0);
    }

    private List<Map<String, Object>> list(HttpAnswer answer) throws IOException {
        return json.readValue(answer.body(), Argument.listOf(Argument.mapOf(String.class, Object.class)));
    }
}
