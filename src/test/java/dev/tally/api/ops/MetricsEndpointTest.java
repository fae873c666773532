package dev.tally.api.ops;

import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.links.Link;
import dev.tally.support.EventFixtures;
import dev.tally.support.HttpAnswer;
import dev.tally.support.Poll;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /metrics} after real traffic: each meter moves by what was sent (ingest lines by outcome, inserts, engine
 * queries by the source and table the answer's headers name, HTTP requests per route and status, redirect clicks),
 * and only the admin token may read it.
 */
@MicronautTest
@Property(name = "tally.admin.token", value = MetricsEndpointTest.ADMIN_TOKEN)
@Property(name = "micronaut.http.client.follow-redirects", value = "false")
class MetricsEndpointTest {
    static final String ADMIN_TOKEN = "test-admin-token-metrics";

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    EventFixtures fixtures;

    @Test
    void countsMoveByWhatWasSent() {
        TestWorkspace ws = workspaces.create(Plan.PRO, java.time.ZoneOffset.UTC, Scope.EVENTS_WRITE, Scope.ANALYTICS_READ);
        Link link = fixtures.link(ws.workspace(), "https://example.com/metrics");
        PrometheusText before = scrape();

        int good = 7;
        int bad = 2;
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < good; i++) {
            batch.append("{\"event\":\"click\",\"event_id\":\"evt_metrics_").append(i).append("\",\"link_id\":\"").append(link.id()).append("\"}\n");
        }
        batch.append("not json\n").append("{\"event\":\"teleport\"}\n");
        assertThat(post(ws, batch.toString()).json()).containsEntry("accepted", good).containsEntry("rejected_count", bad);
        // The same lines again: the good ones are duplicates now, the bad ones rejected again.
        assertThat(post(ws, batch.toString()).json()).containsEntry("accepted", 0).containsEntry("duplicates", good);

        HttpAnswer analytics = HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics?groupBy=count&interval=all").bearerAuth(ws.apiKey()));
        assertThat(analytics.status()).isEqualTo(200);
        String source = analytics.header("X-Tally-Source").orElseThrow();
        String table = analytics.header("X-Tally-Table").orElseThrow();
        // The same question again: answered by the result cache, so no second engine query.
        HttpAnswer again = HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics?groupBy=count&interval=all").bearerAuth(ws.apiKey()));
        assertThat(again.header("X-Tally-Cache")).contains("hit");

        HttpAnswer redirect = HttpAnswer.send(client, HttpRequest.GET("/" + link.key()).header("Host", "tly.sh"));
        assertThat(redirect.status()).isEqualTo(302);

        PrometheusText after = Poll.until(Duration.ofSeconds(10), this::scrape,
                scrape -> scrape.sum("tally_redirect_clicks_written_total") - before.sum("tally_redirect_clicks_written_total") >= 1);

        assertThat(delta(before, after, "tally_ingest_events_total", "outcome=\"accepted\"")).isEqualTo(good);
        assertThat(delta(before, after, "tally_ingest_events_total", "outcome=\"duplicate\"")).isEqualTo(good);
        assertThat(delta(before, after, "tally_ingest_events_total", "outcome=\"rejected\"")).isEqualTo(2 * bad);
        // One insert for the batch's rows (the duplicate batch writes none), at least one for the redirect click.
        assertThat(delta(before, after, "tally_ingest_insert_seconds_count", "outcome=\"ok\"")).isGreaterThanOrEqualTo(2);
        assertThat(delta(before, after, "tally_ingest_insert_rows_sum")).isGreaterThanOrEqualTo(good + 1);
        assertThat(after.has("tally_ingest_insert_rows_bucket")).isTrue();
        assertThat(delta(before, after, "tally_engine_query_seconds_count", "source=\"" + source + "\"", "table=\"" + table + "\""))
                .isEqualTo(1);
        assertThat(after.has("tally_engine_query_seconds_bucket")).isTrue();
        assertThat(delta(before, after, "tally_cache_hits_total")).isEqualTo(1);
        assertThat(delta(before, after, "tally_cache_misses_total")).isGreaterThanOrEqualTo(1);
        assertThat(after.has("tally_cache_entries")).isTrue();
        assertThat(delta(before, after, "http_server_requests_seconds_count", "uri=\"/api/v1/events/batch\"", "status=\"200\""))
                .isEqualTo(2);
        assertThat(delta(before, after, "http_server_requests_seconds_count", "uri=\"/api/v1/analytics\"", "status=\"200\""))
                .isEqualTo(2);
        assertThat(after.sum("http_server_requests_seconds_bucket", "uri=\"/api/v1/analytics\"", "le=\"+Inf\"")).isGreaterThanOrEqualTo(1);
        assertThat(after.has("tally_redirect_click_queue_depth")).isTrue();
        assertThat(after.has("tally_redirect_clicks_dropped_total")).isTrue();
        assertThat(after.sum("tally_engine_memory_bytes")).isGreaterThan(0);
        assertThat(after.sum("jvm_memory_used_bytes", "area=\"heap\"")).isGreaterThan(0);
        assertThat(after.has("jvm_threads_live_threads")).isTrue();
    }

    @Test
    void onlyTheAdminTokenMayRead() {
        TestWorkspace ws = workspaces.create(Plan.ENTERPRISE);
        assertThat(HttpAnswer.send(client, HttpRequest.GET("/metrics")).status()).isEqualTo(401);
        assertThat(HttpAnswer.send(client, HttpRequest.GET("/metrics").bearerAuth(ws.apiKey())).status()).isEqualTo(403);
        HttpAnswer admin = HttpAnswer.send(client, HttpRequest.GET("/metrics").bearerAuth(ADMIN_TOKEN));
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.header("Content-Type").orElseThrow()).startsWith("text/plain").contains("version=0.0.4");
    }

    private PrometheusText scrape() {
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.GET("/metrics").bearerAuth(ADMIN_TOKEN));
        assertThat(answer.status()).isEqualTo(200);
        return PrometheusText.parse(answer.body());
    }

    private HttpAnswer post(TestWorkspace ws, String body) {
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.POST("/api/v1/events/batch", body)
                .contentType(MediaType.of("application/x-ndjson")).bearerAuth(ws.apiKey()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
