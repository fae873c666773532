package dev.tally.api.analytics;

import dev.tally.auth.Plan;
import dev.tally.links.Link;
import dev.tally.support.EventFixtures;
import dev.tally.support.HttpAnswer;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end through the real ingest path: events posted to {@code /api/v1/events/batch} are answered at
 * once by {@code /api/v1/analytics} from the rollups (the views run inside the insert) and listed by
 * {@code /api/v1/events}.
 */
@MicronautTest
class IngestThenQueryTest {
    private static final String RANGE = "start=2026-03-07T00:00:00Z&end=2026-03-10T00:00:00Z&timezone=UTC";

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    EventFixtures fixtures;
    @Inject
    JsonMapper json;

    @Test
    void batchIngestedClicksAreCountedByTheRollupsAndListed() throws IOException {
        TestWorkspace ws = workspaces.create(Plan.BUSINESS);
        Link link = fixtures.link(ws.workspace(), "https://example.com/launch");
        String[] countries = {"US", "US", "GB", "DE", "US", "GB"};
        StringBuilder batch = new StringBuilder();
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            String country = countries[i % countries.length];
            expected.merge(country, 1L, Long::sum);
            batch.append("{\"event\":\"click\",\"event_id\":\"evt_e2e_").append(i).append("\",\"link_id\":\"").append(link.id())
                    .append("\",\"timestamp\":\"2026-03-0").append(7 + i % 3).append("T1").append(i % 10).append(":00:00Z\"")
                    .append(",\"country\":\"").append(country).append("\",\"device\":\"Desktop\",\"user_agent\":\"Mozilla/5.0\"}\n");
        }
        HttpAnswer ingested = HttpAnswer.send(client, HttpRequest.POST("/api/v1/events/batch", batch.toString().getBytes(StandardCharsets.UTF_8))
                .contentType("application/x-ndjson").bearerAuth(ws.apiKey()));
        assertThat(ingested.status()).as(ingested.body()).isEqualTo(200);

        HttpAnswer countries2 = HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics?groupBy=countries&" + RANGE).bearerAuth(ws.apiKey()));
        assertThat(countries2.header("X-Tally-Source")).contains("rollup");
        Map<String, Long> actual = new HashMap<>();
        for (Map<String, Object> row : list(countries2)) {
            actual.put((String) row.get("country"), ((Number) row.get("clicks")).longValue());
        }
        assertThat(actual).isEqualTo(expected);

        List<Map<String, Object>> series = list(HttpAnswer.send(client,
                HttpRequest.GET("/api/v1/analytics?groupBy=timeseries&" + RANGE).bearerAuth(ws.apiKey())));
        assertThat(series).hasSize(3); // a 3-day custom range is daily
        assertThat(series.stream().mapToLong(point -> ((Number) point.get("clicks")).longValue()).sum()).isEqualTo(30);

        List<Map<String, Object>> events = list(HttpAnswer.send(client,
                HttpRequest.GET("/api/v1/events?limit=1000&" + RANGE).bearerAuth(ws.apiKey())));
        assertThat(events).hasSize(30).allSatisfy(event -> assertThat(event).containsEntry("event", "click"));
    }

    private List<Map<String, Object>> list(HttpAnswer answer) throws IOException {
        return json.readValue(answer.body(), Argument.listOf(Argument.mapOf(String.class, Object.class)));
    }
}
