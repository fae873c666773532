package dev.tally.api.clicks;

import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.store.ClickHouse;
import dev.tally.support.GeneratedEvents;
import dev.tally.support.GeneratedEvents.Event;
import dev.tally.support.HttpAnswer;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import static dev.tally.support.SurfaceCounts.count;
import static dev.tally.support.SurfaceCounts.human;
import static dev.tally.support.SurfaceCounts.number;
import static dev.tally.support.SurfaceCounts.top;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeds/000 replayed: every example request of {@code /api/v1/analytics/clicks} and {@code /views} against
 * generated events (Feb 20 – Apr 20 2026), numbers counted independently in Java over the inserted list.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClicksContractTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ClickHouse clickHouse;
    @Inject
    TestWorkspaces workspaces;

    TestWorkspace owner;
    List<Event> events;
    String topLink;

    @BeforeAll
    void generate() {
        // A non-UTC workspace: seeds/000 answers in UTC whatever the workspace's zone.
        owner = workspaces.create(Plan.PRO, ZoneId.of("Asia/Kolkata"), Scope.ANALYTICS_READ);
        GeneratedEvents.Data data = GeneratedEvents.generate(7, 8_000, owner.workspace().id());
        GeneratedEvents.insert(clickHouse, data);
        events = data.events();
        topLink = data.links().getFirst().id();
    }

    private HttpAnswer get(String pathAndQuery) {
        return HttpAnswer.send(client, HttpRequest.GET(pathAndQuery).bearerAuth(owner.apiKey()));
    }

    private static Instant day(String date) {
        return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> data(HttpAnswer answer) {
        return (List<Map<String, Object>>) answer.json().get("data");
    }

    @Test
    void clicksByDayAnswersEveryDayOfTheRangeWithTheWholeRangesTotal() {
        HttpAnswer answer = get("/api/v1/analytics/clicks?groupBy=day&start=2026-03-01&end=2026-03-15");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsOnlyKeys("data", "total", "start", "end")
                .containsEntry("start", "2026-03-01T00:00:00Z").containsEntry("end", "2026-03-15T23:59:59Z");
        List<Map<String, Object>> rows = data(answer);
        assertThat(rows).hasSize(15);
        for (int i = 0; i < 15; i++) {
            Instant start = day("2026-03-01").plus(i, ChronoUnit.DAYS);
            assertThat(rows.get(i)).containsOnlyKeys("date", "clicks")
                    .containsEntry("date", LocalDate.parse("2026-03-01").plusDays(i).toString());
            assertThat(number(rows.get(i).get("clicks"))).isEqualTo(count(events, human("click", start, start.plus(1, ChronoUnit.DAYS))));
        }
        assertThat(number(answer.json().get("total"))).isEqualTo(count(events, human("click", day("2026-03-01"), day("2026-03-16"))))
                .isPositive();
        assertThat(answer.header("X-Tally-Source")).contains("rollup");
    }

    @Test
    void clicksOfOneLinkByCountryKeepsTheTopFiveAndCountsTheWholeRangeInTotal() {
        // The seed's request as written covers the default range (the last 30 days), where there is no data.
        HttpAnswer asWritten = get("/api/v1/analytics/clicks?linkId=" + topLink + "&groupBy=country&limit=5");
        Instant endOfToday = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        assertThat(asWritten.status()).isEqualTo(200);
        assertThat(asWritten.json()).containsEntry("start", endOfToday.minus(31, ChronoUnit.DAYS).toString())
                .containsEntry("end", endOfToday.minusSeconds(1).toString()).containsEntry("total", 0);
        assertThat(data(asWritten)).isEmpty();

        HttpAnswer answer = get("/api/v1/analytics/clicks?linkId=" + topLink + "&groupBy=country&limit=5&start=2026-02-22&end=2026-03-24");
        Predicate<Event> keep = human("click", day("2026-02-22"), day("2026-03-25")).and(e -> e.linkId().equals(topLink));
        Map<String, Long> expected = top(events, keep, Event::country, 5);
        assertThat(asMap(data(answer), "country", "clicks")).containsExactlyEntriesOf(expected);
        assertThat(number(answer.json().get("total"))).isEqualTo(count(events, keep))
                .isGreaterThan(expected.values().stream().mapToLong(Long::longValue).sum());
        assertThat(answer.header("X-Tally-Source")).contains("raw");
    }

    @Test
    void viewsOfOnePageByDayFromAStartRunThroughTodayAndStopAtTheDefaultLimit() {
        HttpAnswer answer = get("/api/v1/analytics/views?pageId=page_1&groupBy=day&start=2026-03-01");

        assertThat(answer.status()).isEqualTo(200);
        Instant endOfToday = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        assertThat(answer.json()).containsEntry("start", "2026-03-01T00:00:00Z").containsEntry("end", endOfToday.minusSeconds(1).toString());
        List<Map<String, Object>> rows = data(answer);
        assertThat(rows).hasSize(ClicksRequest.DEFAULT_LIMIT);
        for (int i = 0; i < rows.size(); i++) {
            Instant start = day("2026-03-01").plus(i, ChronoUnit.DAYS);
            assertThat(rows.get(i)).containsOnlyKeys("date", "views");
            assertThat(number(rows.get(i).get("views"))).isEqualTo(count(events, human("view", start, start.plus(1, ChronoUnit.DAYS))));
        }
        assertThat(number(answer.json().get("total"))).isEqualTo(count(events, human("view", day("2026-03-01"), endOfToday))).isPositive();
    }

    @Test
    void viewsByReferrerNameDirectTrafficDirect() {
        HttpAnswer answer = get("/api/v1/analytics/views?groupBy=referrer&limit=5&start=2026-02-20&end=2026-04-20");

        Predicate<Event> keep = human("view", day("2026-02-20"), day("2026-04-21"));
        Map<String, Long> expected = top(events, keep, e -> e.referer().isEmpty() ? "direct" : e.referer(), 5);
        assertThat(asMap(data(answer), "referrer", "views")).containsExactlyEntriesOf(expected).containsKey("direct");
        assertThat(number(answer.json().get("total"))).isEqualTo(count(events, keep));
    }

    @Test
    void isoTimesBoundTheRangeToTheSecond() {
        HttpAnswer answer = get("/api/v1/analytics/clicks?start=2026-01-01T00:00:00Z&end=2026-03-31T23:59:59Z&groupBy=day");

        assertThat(answer.json()).containsEntry("start", "2026-01-01T00:00:00Z").containsEntry("end", "2026-03-31T23:59:59Z");
        assertThat(data(answer)).hasSize(90);
        assertThat(number(answer.json().get("total"))).isEqualTo(count(events, human("click", day("2026-01-01"), day("2026-04-01"))));
    }

    @Test
    void intervalIsTheBucketWidthOfTheDaySeries() {
        HttpAnswer weekly = get("/api/v1/analytics/clicks?groupBy=day&interval=7d&start=2026-03-01&end=2026-03-28");
        assertThat(data(weekly)).extracting(row -> row.get("date")).containsExactly("2026-03-01", "2026-03-08", "2026-03-15", "2026-03-22");
        for (Map<String, Object> row : data(weekly)) {
            Instant start = day((String) row.get("date"));
            assertThat(number(row.get("clicks"))).isEqualTo(count(events, human("click", start, start.plus(7, ChronoUnit.DAYS))));
        }

        HttpAnswer hourly = get("/api/v1/analytics/clicks?groupBy=day&interval=1h&start=2026-03-10&end=2026-03-10");
        assertThat(data(hourly)).hasSize(24);
        assertThat(data(hourly).getFirst()).containsEntry("date", "2026-03-10T00:00:00Z");
        for (Map<String, Object> row : data(hourly)) {
            Instant start = Instant.parse((String) row.get("date"));
            assertThat(number(row.get("clicks"))).isEqualTo(count(events, human("click", start, start.plus(1, ChronoUnit.HOURS))));
        }
    }

    @Test
    void devicesAndBrowsersGroupFromTheDeviceRollup() {
        Predicate<Event> keep = human("click", day("2026-03-01"), day("2026-04-01"));
        HttpAnswer devices = get("/api/v1/analytics/clicks?groupBy=device&start=2026-03-01&end=2026-03-31");
        assertThat(asMap(data(devices), "device", "clicks"))
                .containsExactlyEntriesOf(top(events, keep, e -> e.device().toLowerCase(Locale.ROOT), 100));
        assertThat(devices.header("X-Tally-Source")).contains("rollup");
        HttpAnswer browsers = get("/api/v1/analytics/clicks?groupBy=browser&start=2026-03-01&end=2026-03-31&limit=2");
        assertThat(asMap(data(browsers), "browser", "clicks")).containsExactlyEntriesOf(top(events, keep, Event::browser, 2));
        assertThat(number(browsers.json().get("total"))).isEqualTo(count(events, keep));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/analytics/clicks?start=2025-01-01&end=2026-03-01|The date range must not exceed 365 days.",
            "/api/v1/analytics/clicks?start=2026-03-10&end=2026-03-01|end must not be before start.",
            "/api/v1/analytics/clicks?start=yesterday|start must be an ISO 8601 date or date-time (e.g. 2026-03-01 or 2026-03-01T00:00:00Z); got 'yesterday'.",
            "/api/v1/analytics/clicks?groupBy=os|groupBy must be one of day, country, device, browser, referrer; got 'os'.",
            "/api/v1/analytics/views?groupBy=browser|groupBy must be one of day, referrer, country, device; got 'browser'.",
            "/api/v1/analytics/clicks?interval=2d|interval must be one of 1h, 1d, 7d, 30d, 90d; got '2d'.",
            "/api/v1/analytics/views?interval=90d|interval must be one of 1h, 1d, 7d, 30d; got '90d'.",
            "/api/v1/analytics/clicks?limit=1001|limit must be an integer from 1 to 1000; got '1001'.",
            "/api/v1/analytics/clicks?limit=0|limit must be an integer from 1 to 1000; got '0'."})
    void badParametersAreA400InTheSeedsErrorFormat(String request, String message) {
        HttpAnswer answer = get(request);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json()).isEqualTo(Map.of("error", Map.of("code", "validation_error", "message", message)));
    }

    @Test
    void exactlyAYearIsAllowedAndTheLimitCapsAt1000() {
        assertThat(get("/api/v1/analytics/clicks?start=2025-04-01&end=2026-03-31&groupBy=country&limit=1000").status()).isEqualTo(200);
    }

    @Test
    void noKeyIsA401InTheSeedsErrorFormat() {
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics/views"));
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.error()).containsEntry("code", "unauthorized").containsKey("message");
    }

    private static Map<String, Long> asMap(List<Map<String, Object>> rows, String key, String count) {
        Map<String, Long> out = new LinkedHashMap<>();
        rows.forEach(row -> {
            assertThat(row).containsOnlyKeys(key, count);
            out.put((String) row.get(key), number(row.get(count)));
        });
        return out;
    }
}
