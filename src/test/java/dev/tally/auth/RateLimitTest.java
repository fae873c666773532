package dev.tally.auth;

import dev.tally.support.HttpAnswer;
import dev.tally.support.Poll;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-key rate limits with a tiny window: headers on every answer, 429 + Retry-After, and the reset. */
@MicronautTest
@Property(name = "spec.name", value = "RateLimitTest")
@Property(name = "tally.rate-limit.limit", value = "3")
@Property(name = "tally.rate-limit.period", value = "2s")
@Property(name = "tally.rate-limit.business", value = "5")
class RateLimitTest {
    private static final String PROBE = "/api/v1/probe/workspace";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    TestWorkspaces workspaces;

    @Test
    void countsDownRefusesWith429AndResetsAfterTheWindow() {
        TestWorkspace a = workspaces.create(Plan.FREE, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        // A new key's window starts with its first request.
        HttpAnswer first = probe(a);
        long windowEnd = Long.parseLong(first.header("X-RateLimit-Reset").orElseThrow());
        assertThat(first.status()).isEqualTo(200);
        assertHeaders(first, 3, 2);
        assertThat(windowEnd).isBetween(Instant.now().getEpochSecond(), Instant.now().plusSeconds(3).getEpochSecond());

        HttpAnswer second = probe(a);
        HttpAnswer third = probe(a);
        HttpAnswer refused = probe(a);
        if (refused.status() == 200) {
            // The window turned over between requests (a 2 s window on a busy machine); the next three settle it.
            probe(a);
            probe(a);
            refused = probe(a);
        } else {
            assertHeaders(second, 3, 1);
            assertHeaders(third, 3, 0);
        }
        assertThat(refused.status()).isEqualTo(429);
        assertHeaders(refused, 3, 0);
        long retryAfter = Long.parseLong(refused.header("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 2L);
        assertThat(refused.error()).containsEntry("code", "rate_limit_exceeded")
                .containsEntry("message", "Rate limit exceeded: 3 requests per window for this API key; retry after "
                        + retryAfter + (retryAfter == 1 ? " second." : " seconds."));

        HttpAnswer afterReset = Poll.until(Duration.ofSeconds(5), () -> probe(a), answer -> answer.status() == 200);
        assertHeaders(afterReset, 3, 2);
    }

    @Test
    void limitsArePerKeyAndPerPlan() {
        TestWorkspace free = workspaces.create(Plan.FREE, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        TestWorkspace business = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        assertHeaders(probe(free), 3, 2);
        assertHeaders(probe(business), 5, 4);
        TestWorkspace secondKey = workspaces.addKey(free.workspace(), Scope.ANALYTICS_READ);
        assertHeaders(probe(secondKey), 3, 2);
    }

    @Test
    void refusalsForScopeCarryTheHeadersAndCount() {
        TestWorkspace a = workspaces.create(Plan.FREE, ZoneId.of("UTC"), Scope.LINKS_WRITE);
        HttpAnswer forbidden = probe(a);
        assertThat(forbidden.status()).isEqualTo(403);
        assertHeaders(forbidden, 3, 2);
    }

    @Test
    void unauthenticatedAnswersCarryNoRateLimitHeaders() {
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.GET(PROBE));
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("X-RateLimit-Limit")).isEmpty();
    }

    @Test
    void eachSurfaceAnswers429InItsOwnFormat() {
        TestWorkspace a = workspaces.create(Plan.ENTERPRISE);
        Poll.until(Duration.ofSeconds(5), () -> probe(a), answer -> answer.status() == 429);

        HttpAnswer clicks = send(HttpRequest.GET("/api/v1/analytics/clicks?groupBy=day"), a);
        assertThat(clicks.status()).isEqualTo(429);
        assertThat(clicks.json()).containsOnlyKeys("error");
        assertThat(clicks.error()).containsEntry("code", "rate_limit_exceeded").containsKey("retry_after").containsKey("message");

        HttpAnswer linkReport = send(HttpRequest.GET("/api/v1/analytics/550e8400-e29b-41d4-a716-446655440000"), a);
        assertThat(linkReport.status()).isEqualTo(429);
        assertThat(linkReport.json()).containsEntry("success", false);
        assertThat(linkReport.error()).containsEntry("code", "RATE_LIMIT_EXCEEDED").containsKey("details");

        HttpAnswer clickLog = send(HttpRequest.POST("/v1/analytics", Map.of("start", "2025-01-01", "end", "2025-01-07")), a);
        assertThat(clickLog.status()).isEqualTo(429);
        assertThat(clickLog.json()).containsEntry("success", false).containsEntry("status_code", 429)
                .containsEntry("data", null).containsKey("message");

        HttpAnswer slug = send(HttpRequest.GET("/api/v1/links/x7kQ2m/analytics?period=30d"), a);
        assertThat(slug.status()).isEqualTo(429);
        assertThat(slug.json()).containsEntry("error", "rate_limited").containsEntry("status", 429).containsKey("message");

        HttpAnswer events = send(HttpRequest.GET("/api/v1/events"), a);
        assertThat(events.status()).isEqualTo(429);
        assertThat(events.error()).containsEntry("code", "rate_limit_exceeded").containsKey("doc_url");
        for (HttpAnswer answer : new HttpAnswer[]{clicks, linkReport, clickLog, slug, events}) {
            assertThat(answer.header("Retry-After")).isPresent();
            assertThat(answer.header("X-RateLimit-Remaining")).contains("0");
        }
    }

    private HttpAnswer probe(TestWorkspace workspace) {
        return send(HttpRequest.GET(PROBE), workspace);
    }

    private HttpAnswer send(MutableHttpRequest<?> request, TestWorkspace workspace) {
        return HttpAnswer.send(client, request.bearerAuth(workspace.apiKey()));
    }

    private static void assertHeaders(HttpAnswer answer, long limit, long remaining) {
        assertThat(answer.header("X-RateLimit-Limit")).contains(Long.toString(limit));
        assertThat(answer.header("X-RateLimit-Remaining")).contains(Long.toString(remaining));
        assertThat(answer.header("X-RateLimit-Reset")).isPresent();
    }
}
