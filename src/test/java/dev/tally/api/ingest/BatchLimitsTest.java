package dev.tally.api.ingest;

import dev.tally.auth.Plan;
import dev.tally.links.Link;
import dev.tally.store.ClickHouse;
import dev.tally.support.EventFixtures;
import dev.tally.support.EventRows;
import dev.tally.support.HttpAnswer;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The size limits, set small here so the test stays fast: a body over them is a 413 and writes nothing. */
@MicronautTest
@Property(name = "tally.ingest.max-batch-bytes", value = "20000")
@Property(name = "tally.ingest.max-batch-lines", value = "50")
class BatchLimitsTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    EventFixtures fixtures;
    @Inject
    ClickHouse clickHouse;

    @Test
    void aBodyOverTheByteLimitIsRefusedWholeAfterItsGoodLinesWereRead() {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        Link link = fixtures.link(ws.workspace(), "https://example.com/limits");
        String line = "{\"event\":\"click\",\"link_id\":\"" + link.id() + "\",\"user_agent\":\"" + "x".repeat(400) + "\"}\n";
        HttpAnswer answer = send(ws, line.repeat(45));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(error(answer)).containsEntry("code", "batch_too_large")
                .containsEntry("message", "a batch may be at most 20000 bytes");
        assertThat(EventRows.count(clickHouse, ws.workspace().id())).isZero();
    }

    @Test
    void moreLinesThanTheLimitAreRefusedWhole() {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        Link link = fixtures.link(ws.workspace(), "https://example.com/lines");
        HttpAnswer answer = send(ws, ("{\"event\":\"click\",\"link_id\":\"" + link.id() + "\"}\n").repeat(51));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(error(answer)).containsEntry("message", "a batch may hold at most 50 lines");
        assertThat(EventRows.count(clickHouse, ws.workspace().id())).isZero();
    }

    private HttpAnswer send(TestWorkspace ws, String body) {
        return HttpAnswer.send(client, HttpRequest.POST("/api/v1/events/batch", body).contentType("application/x-ndjson")
                .bearerAuth(ws.apiKey()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(HttpAnswer answer) {
        return (Map<String, Object>) answer.json().get("error");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> field(HttpAnswer answer, String list, String field) {
        return ((List<Map<String, Object>>) answer.json().get(list)).stream().map(item -> item.get(field)).toList();
    }
}
