package dev.tally.api.ingest;

import dev.tally.auth.Plan;
import dev.tally.links.Link;
import dev.tally.store.ClickHouse;
import dev.tally.store.PendingWrites;
import dev.tally.store.Row;
import dev.tally.support.EventFixtures;
import dev.tally.support.EventRows;
import dev.tally.support.HttpAnswer;
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

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /track} answered from the journal keeps README's promise (ADR 0170): with a ten-minute flush interval
 * nothing is inserted on the journal's own schedule, so only the read barrier can make an acknowledged event
 * visible to the query right after its 2xx — and the exact result cache must not answer from before it.
 */
@MicronautTest
@Property(name = "tally.ingest.track-journal.flush-millis", value = "600000")
@Property(name = "tally.ingest.track-journal.flush-rows", value = "1000000")
@Property(name = "tally.admin.token", value = TrackReadYourWritesTest.ADMIN_TOKEN)
class TrackReadYourWritesTest {
    static final String ADMIN_TOKEN = "test-admin-token-track-journal";

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    EventFixtures fixtures;
    @Inject
    ClickHouse clickHouse;
    @Inject
    PendingWrites pendingWrites;

    @Test
    void anAcknowledgedEventIsInTheNextQueryAndTheCacheServesNothingStale() {
        TestWorkspace ws = workspaces.create(Plan.BUSINESS);
        Link link = fixtures.link(ws.workspace(), "https://example.com/ryw");
        assertThat(clicks(ws)).isZero(); // cached now, under the workspace's current data version
        assertThat(clicks(ws)).isZero();
        for (int i = 0; i < 5; i++) {
            assertThat(track(ws, "click", "{\"event_id\":\"evt_ryw_" + i + "\",\"link_id\":\"" + link.id() + "\"}").status()).isEqualTo(200);
        }
        // Acknowledged, and not in the engine: only the barrier can make the next query right.
        assertThat(pendingWrites.pending(ws.workspace().id())).isTrue();
        assertThat(EventRows.count(clickHouse, ws.workspace().id())).isZero();
        assertThat(journalRows()).isGreaterThanOrEqualTo(5); // the backlog gauge, scraped with the admin token

        assertThat(clicks(ws)).isEqualTo(5);
        assertThat(pendingWrites.pending(ws.workspace().id())).isFalse();
        assertThat(EventRows.count(clickHouse, ws.workspace().id())).isEqualTo(5);

        // The same again: the raw event list and the export see it at once too.
        assertThat(track(ws, "click", "{\"event_id\":\"evt_ryw_5\",\"link_id\":\"" + link.id() + "\"}").status()).isEqualTo(200);
        HttpAnswer export = HttpAnswer.send(client, HttpRequest.GET("/api/v1/events/export?format=ndjson&event=all&interval=all_unfiltered")
                .bearerAuth(ws.apiKey()));
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.body().lines().filter(line -> !line.isBlank()).count()).isEqualTo(6);
        assertThat(clicks(ws)).isEqualTo(6);
    }

    @Test
    void aLeadFollowsAJournaledClickAndDuplicatesAndKeysStayExact() {
        TestWorkspace ws = workspaces.create(Plan.BUSINESS);
        Link link = fixtures.link(ws.workspace(), "https://example.com/lead?utm_source=news");
        HttpAnswer click = track(ws, "click", "{\"event_id\":\"evt_click_1\",\"link_id\":\"" + link.id() + "\",\"ip\":\"89.160.20.128\"}");
        assertThat(click.json()).containsEntry("duplicate", false);
        // The same id again while the first is still only journaled: a duplicate, stored once.
        assertThat(track(ws, "click", "{\"event_id\":\"evt_click_1\",\"link_id\":\"" + link.id() + "\"}").json())
                .containsEntry("duplicate", true);
        assertThat(EventRows.count(clickHouse, ws.workspace().id())).isZero();

        // A lead naming the journaled click copies its attributes (link, geo, UTM).
        HttpAnswer lead = track(ws, "lead", "{\"event_id\":\"evt_lead_1\",\"click_id\":\"evt_click_1\",\"event_name\":\"signup\"}");
        assertThat(lead.status()).as(lead.body()).isEqualTo(200);

        // An Idempotency-Key retry gets the first answer back and stores nothing more.
        String body = "{\"link_id\":\"" + link.id() + "\"}";
        HttpAnswer keyed = track(ws, "click", body, "order-ryw");
        HttpAnswer retried = track(ws, "click", body, "order-ryw");
        assertThat(retried.header("Idempotent-Replayed")).contains("true");
        assertThat(retried.json().get("event_id")).isEqualTo(keyed.json().get("event_id"));

        pendingWrites.awaitVisible(ws.workspace().id()); // what any read does first
        List<Row> rows = EventRows.of(clickHouse, ws.workspace().id());
        assertThat(rows).extracting(row -> row.string("event_id"))
                .containsExactlyInAnyOrder("evt_click_1", "evt_lead_1", (String) keyed.json().get("event_id"));
        Row leadRow = EventRows.byId(clickHouse, ws.workspace().id(), "evt_lead_1");
        Row clickRow = EventRows.byId(clickHouse, ws.workspace().id(), "evt_click_1");
        for (String copied : List.of("link_id", "country", "city", "utm_source", "ip_hash")) {
            assertThat(leadRow.string(copied)).as(copied).isEqualTo(clickRow.string(copied)).isNotEmpty();
        }
        assertThat(leadRow.string("link_id")).isEqualTo(link.id());
    }

    private double journalRows() {
        HttpAnswer metrics = HttpAnswer.send(client, HttpRequest.GET("/metrics").bearerAuth(ADMIN_TOKEN));
        assertThat(metrics.status()).isEqualTo(200);
        return metrics.body().lines().filter(line -> line.startsWith("tally_track_journal_rows "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst().orElseThrow();
    }

    private long clicks(TestWorkspace ws) {
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics?event=clicks&interval=all&groupBy=count")
                .bearerAuth(ws.apiKey()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return ((Number) answer.json().get("clicks")).longValue();
    }

    private HttpAnswer track(TestWorkspace ws, String type, String body) {
        return track(ws, type, body, null);
    }

    private HttpAnswer track(TestWorkspace ws, String type, String body, String idempotencyKey) {
        return TrackRequests.track(client, ws, type, body, idempotencyKey);
    }
}
