package dev.tally.api.events;

import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
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
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/events} over real HTTP: pages equal the oracle's, plan gating, precise 400s. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventsControllerTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ClickHouse clickHouse;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    JsonMapper json;

    TestWorkspace business;
    Oracle oracle;

    @BeforeAll
    void generate() {
        business = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        GeneratedEvents.Data data = GeneratedEvents.generate(31, 2_000, business.workspace().id());
        GeneratedEvents.insert(clickHouse, data);
        oracle = new Oracle(data);
    }

    private HttpAnswer get(String query, TestWorkspace as) {
        return HttpAnswer.send(client, HttpRequest.GET("/api/v1/events?" + query).bearerAuth(as.apiKey()));
    }

    @Test
    void pagesAreTheOraclesPages() throws IOException {
        String query = "event=sales&start=2026-03-01&end=2026-04-10&page=2&pageSize=25&sortOrder=asc&continent=-EU";
        HttpAnswer answer = get(query, business);
        assertThat(answer.status()).isEqualTo(200);
        List<Map<String, Object>> events = json.readValue(answer.body(), Argument.listOf(Argument.mapOf(String.class, Object.class)));
        AnalyticsQuery expected = new QueryParser(Clock.systemUTC()).parse(Map.of("event", List.of("sales"), "start", List.of("2026-03-01"),
                        "end", List.of("2026-04-10"), "page", List.of("2"), "pageSize", List.of("25"), "sortOrder", List.of("asc"),
                        "continent", List.of("-EU")), SurfaceRules.EVENTS_LIST, business.workspace().id(), ZoneId.of("UTC"));
        assertThat(events).extracting(event -> event.get("eventId")).isEqualTo(oracle.page(expected)).hasSize(25);
        assertThat(events).allSatisfy(event -> assertThat(event).containsEntry("event", "sale").containsKeys("sale", "click", "link", "customer"));
    }

    @Test
    void needsTheBusinessPlanAndRefusesOversizedPages() {
        TestWorkspace pro = workspaces.create(Plan.PRO, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        assertThat(get("event=clicks", pro).status()).isEqualTo(403);
        HttpAnswer tooMany = get("pageSize=1001", business);
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.error()).containsEntry("message", "pageSize must be at most 1000, got 1001.");
        assertThat(get("event=composite", business).error()).containsEntry("message", "event must be one of clicks, leads, sales, got 'composite'.");
    }
}
