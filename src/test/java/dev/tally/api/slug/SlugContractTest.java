package dev.tally.api.slug;

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
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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
 * Seeds/004 replayed: {@code GET /api/v1/links/{slug}/analytics} for each period, against generated events
 * moved to end just before now, in a New York workspace (periods are its local days); numbers counted in Java.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlugContractTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ClickHouse clickHouse;
    @Inject
    TestWorkspaces workspaces;

    TestWorkspace owner;
    GeneratedEvents.Data data;

    @BeforeAll
    void generate() {
        owner = workspaces.create(Plan.PRO, NEW_YORK, Scope.ANALYTICS_READ);
        GeneratedEvents.Data generated = GeneratedEvents.generate(5, 6_000, owner.workspace().id());
        data = GeneratedEvents.shifted(generated, Duration.between(GeneratedEvents.LAST, Instant.now().minusSeconds(60)));
        GeneratedEvents.insert(clickHouse, data);
    }

    private HttpAnswer get(String pathAndQuery, TestWorkspace as) {
        return HttpAnswer.send(client, HttpRequest.GET(pathAndQuery).bearerAuth(as.apiKey()));
    }

    @ParameterizedTest(name = "period={0}")
    @ValueSource(strings = {"", "7d", "30d", "90d"})
    void eachPeriodCountsThatManyLocalDaysThroughToday(String period) {
        GeneratedEvents.LinkVersion link = data.links().getFirst();
        HttpAnswer answer = get("/api/v1/links/" + link.key() + "/analytics" + (period.isEmpty() ? "" : "?period=" + period), owner);

        assertThat(answer.status()).isEqualTo(200);
        Map<String, Object> body = answer.json();
        assertThat(body).containsOnlyKeys("slug", "period", "total_clicks", "unique_visitors", "time_series", "top_referrers",
                "top_countries", "top_devices", "top_browsers");
        String expectedPeriod = period.isEmpty() ? "7d" : period;
        int days = Integer.parseInt(expectedPeriod.substring(0, expectedPeriod.length() - 1));
        assertThat(body).containsEntry("slug", link.key()).containsEntry("period", expectedPeriod);

        LocalDate today = LocalDate.now(NEW_YORK);
        Instant start = today.minusDays(days - 1L).atStartOfDay(NEW_YORK).toInstant();
        Instant end = today.plusDays(1).atStartOfDay(NEW_YORK).toInstant();
        Predicate<Event> keep = human("click", start, end).and(e -> e.linkId().equals(link.id()));
        List<Event> events = data.events();
        assertThat(number(body.get("total_clicks"))).isEqualTo(count(events, keep)).isPositive();
        // ip hashes are 1..400 here, where uniqCombined64 is exact.
        assertThat(number(body.get("unique_visitors"))).isEqualTo(events.stream().filter(keep).map(Event::ipHash).distinct().count());

        Map<String, Long> expectedSeries = new LinkedHashMap<>();
        for (int i = 0; i < days; i++) {
            expectedSeries.put(today.minusDays(days - 1L - i).toString(), 0L);
        }
        events.stream().filter(keep).forEach(e -> expectedSeries.merge(LocalDate.ofInstant(e.timestamp(), NEW_YORK).toString(), 1L, Long::sum));
        assertThat(pairs(list(body, "time_series"), "date", "clicks")).containsExactlyEntriesOf(expectedSeries);

        assertThat(pairs(list(body, "top_referrers"), "referrer", "count"))
                .containsExactlyEntriesOf(top(events, keep, e -> e.referer().isEmpty() ? "direct" : e.referer(), 10));
        assertThat(pairs(list(body, "top_countries"), "country", "count")).containsExactlyEntriesOf(top(events, keep, Event::country, 10));
        assertThat(pairs(list(body, "top_devices"), "device", "count"))
                .containsExactlyEntriesOf(top(events, keep, e -> e.device().toLowerCase(Locale.ROOT), 10));
        assertThat(pairs(list(body, "top_browsers"), "browser", "count")).containsExactlyEntriesOf(top(events, keep, Event::browser, 10));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> body, String field) {
        return (List<Map<String, Object>>) body.get(field);
    }

    private static Map<String, Long> pairs(List<Map<String, Object>> rows, String key, String count) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            assertThat(row).containsOnlyKeys(key, count);
            out.put((String) row.get(key), number(row.get(count)));
        }
        return out;
    }

    @Test
    void unknownDeletedAndOtherWorkspacesSlugsAreTheSame404() {
        TestWorkspace stranger = workspaces.create(Plan.PRO);
        HttpAnswer foreign = get("/api/v1/links/launch/analytics", stranger);
        HttpAnswer deleted = get("/api/v1/links/gone/analytics", owner);

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json()).isEqualTo(Map.of("error", "not_found", "message", "Link not found: launch", "status", 404));
        assertThat(deleted.json()).isEqualTo(Map.of("error", "not_found", "message", "Link not found: gone", "status", 404));
    }

    @Test
    void anUnknownPeriodIsA400() {
        HttpAnswer answer = get("/api/v1/links/launch/analytics?period=1y", owner);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json()).isEqualTo(Map.of("error", "bad_request", "message", "period must be one of 7d, 30d, 90d; got '1y'.",
                "status", 400));
    }
}
