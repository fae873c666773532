package dev.tally.runner;

import dev.tally.auth.Plan;
import dev.tally.support.HttpAnswer;
import dev.tally.support.Poll;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact result cache over real HTTP and the real engine: an identical question is a hit, and nothing
 * acknowledged (a batch, a tracked event, a redirect's click, a link edit or deletion) is ever hidden by an
 * answer cached before it. The expected counts are the events this test sent.
 */
@MicronautTest
@Property(name = "micronaut.http.client.follow-redirects", value = "false")
class ResultCacheTest {
    private static final String COUNT = "/api/v1/analytics?event=clicks&groupBy=count&interval=30d";

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    ResultCache cache;

    @Test
    void anIdenticalQueryIsAHitWithTheSameAnswer() {
        TestWorkspace ws = workspaces.create(Plan.BUSINESS);
        String linkId = link(ws, List.of());
        batch(ws, linkId, 3);
        CacheStats before = cache.stats();
        HttpAnswer first = get(ws, COUNT);
        HttpAnswer second = get(ws, COUNT);
        assertThat(first.header("X-Tally-Cache")).contains("miss");
        assertThat(second.header("X-Tally-Cache")).contains("hit");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(clicks(second)).isEqualTo(3);
        CacheStats after = cache.stats();
        assertThat(after.hits() - before.hits()).isGreaterThanOrEqualTo(1);
        assertThat(after.misses() - before.misses()).isGreaterThanOrEqualTo(1);
        assertThat(after.size()).isPositive();
        // Every surface on the runner says how it was answered.
        for (String path : List.of("/api/v1/events?interval=30d", "/api/v1/analytics/clicks?interval=30d",
                "/api/v1/analytics/" + linkId, "/api/v1/analytics?groupBy=countries&interval=30d")) {
            get(ws, path);
            assertThat(get(ws, path).header("X-Tally-Cache")).as(path).contains("hit");
        }
    }

    @Test
    void twoWorkspacesNeverShareAnEntry() {
        TestWorkspace a = workspaces.create(Plan.BUSINESS);
        TestWorkspace b = workspaces.create(Plan.BUSINESS);
        batch(a, link(a, List.of()), 2);
        assertThat(clicks(get(a, COUNT))).isEqualTo(2);
        assertThat(get(a, COUNT).header("X-Tally-Cache")).contains("hit");
        HttpAnswer other = get(b, COUNT);
        assertThat(other.header("X-Tally-Cache")).contains("miss");
        assertThat(clicks(other)).isZero();
    }

    @Test
    void anAcknowledgedBatchOrTrackedEventIsNeverHidden() {
        TestWorkspace ws = workspaces.create(Plan.BUSINESS);
        String linkId = link(ws, List.of());
        batch(ws, linkId, 2);
        cachedCount(ws, 2);
        batch(ws, linkId, 1);
        assertThat(clicks(get(ws, COUNT))).isEqualTo(3);
        cachedCount(ws, 3);
        HttpAnswer tracked = HttpAnswer.send(client, HttpRequest.POST("/api/v1/track/click", Map.of("link_id", linkId))
                .contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(ws.apiKey()));
        assertThat(tracked.status()).isEqualTo(200);
        assertThat(clicks(get(ws, COUNT))).isEqualTo(4);
    }

    @Test
    void aRedirectsClickIsNeverHidden() {
        TestWorkspace ws = workspaces.create(Plan.BUSINESS);
        HttpAnswer created = send(ws, HttpRequest.POST("/api/v1/links", Map.of("url", "https://example.com/cached")));
        String key = (String) created.json().get("key");
        cachedCount(ws, 0);
        HttpAnswer redirect = HttpAnswer.send(client, HttpRequest.GET("/" + key).header("Host", "tly.sh"));
        assertThat(redirect.status()).isEqualTo(302);
        // The click is written by the redirect buffer's next flush; a cached answer would hide it for good.
        HttpAnswer seen = Poll.until(Duration.ofSeconds(10), () -> get(ws, COUNT), answer -> clicks(answer) == 1);
        assertThat(clicks(seen)).isEqualTo(1);
    }

    @Test
    void aLinkEditOrDeletionIsNeverHidden() {
        TestWorkspace ws = workspaces.create(Plan.BUSINESS);
        String linkId = link(ws, List.of());
        batch(ws, linkId, 2);
        String byTag = "/api/v1/analytics?event=clicks&groupBy=count&interval=30d&tagId=cached";
        assertThat(clicks(get(ws, byTag))).isZero();
        assertThat(get(ws, byTag).header("X-Tally-Cache")).contains("hit");

        assertThat(send(ws, HttpRequest.PATCH("/api/v1/links/" + linkId, Map.of("tag_ids", List.of("cached")))).status()).isEqualTo(200);
        assertThat(clicks(get(ws, byTag))).isEqualTo(2);
        assertThat(get(ws, byTag).header("X-Tally-Cache")).contains("hit");

        assertThat(send(ws, HttpRequest.DELETE("/api/v1/links/" + linkId)).status()).isBetween(200, 204);
        assertThat(clicks(get(ws, byTag))).isZero();
    }

    private void cachedCount(TestWorkspace ws, long expected) {
        assertThat(clicks(get(ws, COUNT))).isEqualTo(expected);
        HttpAnswer again = get(ws, COUNT);
        assertThat(again.header("X-Tally-Cache")).contains("hit");
        assertThat(clicks(again)).isEqualTo(expected);
    }

    private String link(TestWorkspace ws, List<String> tagIds) {
        HttpAnswer created = send(ws, HttpRequest.POST("/api/v1/links", Map.of("url", "https://example.com/cache", "tag_ids", tagIds)));
        assertThat(created.status()).isEqualTo(201);
        return (String) created.json().get("id");
    }

    private void batch(TestWorkspace ws, String linkId, int clicks) {
        String line = "{\"event\":\"click\",\"link_id\":\"" + linkId + "\"}\n";
        HttpAnswer answer = send(ws, HttpRequest.POST("/api/v1/events/batch", line.repeat(clicks).getBytes(StandardCharsets.UTF_8))
                .contentType("application/x-ndjson"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("accepted", clicks);
    }

    private HttpAnswer get(TestWorkspace ws, String path) {
        HttpAnswer answer = send(ws, HttpRequest.GET(path));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    private HttpAnswer send(TestWorkspace ws, MutableHttpRequest<?> request) {
        return HttpAnswer.send(client, request.bearerAuth(ws.apiKey()));
    }

    private static long clicks(HttpAnswer answer) {
        return ((Number) answer.json().get("clicks")).longValue();
    }
}
