package dev.tally.runner;

import dev.tally.store.ClickHouse;
import dev.tally.support.ClickHouseListener;
import dev.tally.support.Poll;
import dev.tally.support.TallyClient;
import dev.tally.support.TallyClient.Answer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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
        try (EmbeddedServer first = start(jdbcUrl); EmbeddedServer second = start(jdbcUrl);
             TallyClient one = new TallyClient(first.getURI(), ADMIN_TOKEN);
             TallyClient two = new TallyClient(second.getURI(), ADMIN_TOKEN)) {
            assertThat(second.getApplicationContext().getBean(ClickHouse.class).engine()).isEqualTo("server");
            String workspaceId = (String) one.createWorkspace("business", "UTC").get("id");
            String apiKey = one.issueKey(workspaceId);
            String linkId = (String) one.post("/api/v1/links", "application/json", "{\"url\":\"https://example.com/two\"}", apiKey)
                    .ok().json().get("id");
            String click = "{\"event\":\"click\",\"link_id\":\"" + linkId + "\"}\n";
            one.post("/api/v1/events/batch", "application/x-ndjson", click, apiKey).ok();

            Answer cached = Poll.until(Duration.ofSeconds(10), () -> two.get(COUNT, apiKey).ok(),
                    answer -> clicks(answer) == 1 && "hit".equals(answer.header("X-Tally-Cache")));
            assertThat(clicks(cached)).isEqualTo(1);

            long start = System.nanoTime();
            assertThat(one.post("/api/v1/events/batch", "application/x-ndjson", click + click, apiKey).ok().json())
                    .containsEntry("accepted", 2);
            Answer fresh = Poll.until(BOUND, () -> two.get(COUNT, apiKey).ok(), answer -> clicks(answer) == 3);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("The second instance answered with the new events after " + elapsed.toMillis() + " ms");
            assertThat(clicks(fresh)).isEqualTo(3);
            assertThat(fresh.header("X-Tally-Cache")).isEqualTo("miss");
        }
    }

    private static EmbeddedServer start(String jdbcUrl) {
        return ApplicationContext.run(EmbeddedServer.class, Map.of(
                "tally.clickhouse.url", jdbcUrl,
                "micronaut.server.port", -1,
                "tally.admin.token", ADMIN_TOKEN,
                "tally.rate-limit.limit", "1000000"));
    }

    private static long clicks(Answer answer) {
        return ((Number) answer.json().get("clicks")).longValue();
    }
}
