package dev.tally.runner;

import dev.tally.store.ClickHouse;
import dev.tally.support.ClickHouseListener;
import dev.tally.support.HttpAnswer;
import dev.tally.support.Poll;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Tally instances on one ClickHouse server (the test listener): an event acknowledged by the first
 * reaches the second's answers within the bound ADR 0100 documents (one version poll, 500 ms, plus the
 * publishing insert and the poll's query), although the second had the old answer cached.
 */
class DataVersionsAcrossInstancesTest {
    private static final String ADMIN_TOKEN = "cache-admin-token-0123456789abcdef";
    private static final String COUNT = "/api/v1/analytics?event=clicks&groupBy=count&interval=30d";
    /** The documented bound (ADR 0100) with room for a loaded 2-core machine. */
    private static final Duration BOUND = Duration.ofSeconds(2);

    @Test
    void anotherInstanceStopsServingTheOldAnswerWithinTheBound() {
        String jdbcUrl = ClickHouseListener.shared().jdbcUrl("tally_cache");
        // Micronaut's client, not java.net.http: that one reads its restricted-header setting once per JVM,
        // and the reliability fuzzer, later in the same JVM, needs to set it first.
        try (EmbeddedServer first = start(jdbcUrl); EmbeddedServer second = start(jdbcUrl);
             HttpClient one = client(first); HttpClient two = client(second)) {
            assertThat(second.getApplicationContext().getBean(ClickHouse.class).engine()).isEqualTo("server");
            String workspaceId = (String) ok(one, HttpRequest.POST("/api/v1/workspaces", Map.of("name", "cache", "plan", "business"))
                    .bearerAuth(ADMIN_TOKEN)).json().get("id");
            String apiKey = (String) ok(one, HttpRequest.POST("/api/v1/workspaces/" + workspaceId + "/keys",
                    Map.of("name", "cache", "scopes", List.of("analytics:read", "events:write", "links:write"))).bearerAuth(ADMIN_TOKEN)).json().get("key");
            String linkId = (String) ok(one, HttpRequest.POST("/api/v1/links", Map.of("url", "https://example.com/two")).bearerAuth(apiKey))
                    .json().get("id");
            String click = "{\"event\":\"click\",\"link_id\":\"" + linkId + "\"}\n";
            batch(one, apiKey, click);

            HttpAnswer cached = Poll.until(Duration.ofSeconds(10), () -> count(two, apiKey),
                    answer -> clicks(answer) == 1 && answer.header("X-Tally-Cache").orElse("").equals("hit"));
            assertThat(clicks(cached)).isEqualTo(1);

            long start = System.nanoTime();
            assertThat(batch(one, apiKey, click + click).json()).containsEntry("accepted", 2);
            HttpAnswer fresh = Poll.until(BOUND, () -> count(two, apiKey), answer -> clicks(answer) == 3);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("The second instance answered with the new events after " + elapsed.toMillis() + " ms");
            assertThat(clicks(fresh)).isEqualTo(3);
            assertThat(fresh.header("X-Tally-Cache")).contains("miss");
        }
    }

    /** As application-test.yml sets for injected clients: a loaded 2-core machine needs more than the 10 s default. */
    private static HttpClient client(EmbeddedServer server) {
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setReadTimeout(Duration.ofSeconds(60));
        return HttpClient.create(server.getURL(), configuration);
    }

    private static HttpAnswer batch(HttpClient client, String apiKey, String ndjson) {
        return ok(client, HttpRequest.POST("/api/v1/events/batch", ndjson.getBytes(StandardCharsets.UTF_8))
                .contentType("application/x-ndjson").bearerAuth(apiKey));
    }

    private static HttpAnswer count(HttpClient client, String apiKey) {
        return ok(client, HttpRequest.GET(COUNT).bearerAuth(apiKey));
    }

    private static HttpAnswer ok(HttpClient client, HttpRequest<?> request) {
        HttpAnswer answer = HttpAnswer.send(client, request);
        assertThat(answer.status()).as(answer.body()).isBetween(200, 201);
        return answer;
    }

    private static EmbeddedServer start(String jdbcUrl) {
        return ApplicationContext.run(EmbeddedServer.class, Map.of(
                "tally.clickhouse.url", jdbcUrl,
                "micronaut.server.port", -1,
                "tally.admin.token", ADMIN_TOKEN,
                "tally.rate-limit.limit", "1000000"));
    }

    private static long clicks(HttpAnswer answer) {
        return ((Number) answer.json().get("clicks")).longValue();
    }
}
