package dev.tally.ingest;

import dev.tally.auth.Workspace;
import dev.tally.links.Link;
import dev.tally.query.EventType;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import dev.tally.support.EventFixtures;
import dev.tally.support.EventRows;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@MicronautTest
class IngestServiceTest {
    private static final String CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    private static final String SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

    @Inject
    IngestService ingest;
    @Inject
    EventFixtures fixtures;
    @Inject
    ClickHouse clickHouse;

    @Test
    void everyContractFieldOfAClickAndItsSaleLandsInItsColumn() {
        Workspace workspace = fixtures.workspace();
        Link link = fixtures.link(workspace, "https://shop.example.com/spring?utm_source=newsletter&utm_medium=email");
        String clickId = "evt_click_" + System.nanoTime();
        batch(workspace, Map.of("event", "click", "event_id", clickId, "timestamp", "2026-03-01T10:15:30.250Z",
                "link_id", link.id(), "ip", "216.160.83.56", "user_agent", SAFARI_IPHONE,
                "referer", "https://www.twitter.com/some/post",
                "url", "https://shop.example.com/spring?utm_source=x&utm_medium=social&utm_campaign=launch&utm_term=shoes&utm_content=hero",
                "trigger", "qr"));
        batch(workspace, Map.ofEntries(Map.entry("event", "sale"), Map.entry("event_id", clickId + "_sale"),
                Map.entry("timestamp", "2026-03-01T11:00:00Z"), Map.entry("click_id", clickId),
                Map.entry("customer_id", "cus_42"), Map.entry("event_name", "Purchase"), Map.entry("amount", 1999),
                Map.entry("currency", "eur"), Map.entry("sale_type", "recurring"), Map.entry("invoice_id", "in_7"),
                Map.entry("payment_processor", "stripe"), Map.entry("metadata", Map.of("plan", "pro"))));

        Row click = EventRows.byId(clickHouse, workspace.id(), clickId);
        assertThat(click.string("event_type")).isEqualTo("click");
        assertThat(click.instant("timestamp")).isEqualTo(Instant.parse("2026-03-01T10:15:30.250Z"));
        assertThat(click.string("link_id")).isEqualTo(link.id());
        assertThat(click.string("domain")).isEqualTo(link.domain());
        assertThat(click.string("key")).isEqualTo(link.key());
        assertThat(click.string("trigger")).isEqualTo("qr");
        assertThat(List.of(click.string("country"), click.string("region"), click.string("city"), click.string("continent")))
                .containsExactly("US", "US-WA", "Tacoma", "NA");
        assertThat(List.of(click.string("device"), click.string("browser"), click.string("os")))
                .containsExactly("mobile", "Safari", "iOS");
        assertThat(click.get("bot")).isEqualTo(false);
        assertThat(click.string("referer")).isEqualTo("twitter.com");
        assertThat(click.string("referer_url")).isEqualTo("https://www.twitter.com/some/post");
        assertThat(List.of(click.string("utm_source"), click.string("utm_medium"), click.string("utm_campaign"),
                click.string("utm_term"), click.string("utm_content"))).containsExactly("x", "social", "launch", "shoes", "hero");
        assertThat(click.longValue("ip_hash")).isPositive();

        Row sale = EventRows.byId(clickHouse, workspace.id(), clickId + "_sale");
        assertThat(sale.string("event_type")).isEqualTo("sale");
        assertThat(sale.string("click_id")).isEqualTo(clickId);
        assertThat(sale.string("link_id")).isEqualTo(link.id());
        assertThat(sale.string("customer_id")).isEqualTo("cus_42");
        assertThat(sale.string("event_name")).isEqualTo("Purchase");
        assertThat(sale.longValue("amount")).isEqualTo(1999);
        assertThat(sale.string("currency")).isEqualTo("EUR");
        assertThat(sale.string("sale_type")).isEqualTo("recurring");
        assertThat(sale.string("invoice_id")).isEqualTo("in_7");
        assertThat(sale.string("payment_processor")).isEqualTo("stripe");
        assertThat(sale.string("metadata")).isEqualTo("{\"plan\":\"pro\"}");
        for (String copied : List.of("country", "region", "city", "continent", "device", "browser", "os", "referer",
                "referer_url", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "trigger", "domain", "key", "url")) {
            assertThat(sale.string(copied)).as(copied).isEqualTo(click.string(copied));
        }
        assertThat(sale.longValue("ip_hash")).isEqualTo(click.longValue("ip_hash"));
    }

    @Test
    void aViewNeedsOnlyAPageAndDefaultsItsTrigger() {
        Workspace workspace = fixtures.workspace();
        IngestResult result = batch(workspace, Map.of("event", "view", "event_id", "evt_view_1", "page_id", "bio_1",
                "referer", ""));
        assertThat(result.accepted()).isEqualTo(1);
        Row view = EventRows.byId(clickHouse, workspace.id(), "evt_view_1");
        assertThat(view.string("page_id")).isEqualTo("bio_1");
        assertThat(view.string("trigger")).isEqualTo("pageview");
        assertThat(view.string("referer")).isEqualTo("direct");
    }

    @Test
    void preResolvedFieldsWinOverEnrichmentAndLeadsMayGiveTheirOwn() {
        Workspace workspace = fixtures.workspace();
        Link link = fixtures.link(workspace, "https://example.com/pre");
        batch(workspace, Map.of("event", "click", "event_id", "evt_pre", "link_id", link.id(), "ip", "81.2.69.142",
                "user_agent", CHROME_WINDOWS, "country", "DE", "city", "Berlin", "device", "tv"));
        Row click = EventRows.byId(clickHouse, workspace.id(), "evt_pre");
        assertThat(List.of(click.string("country"), click.string("region"), click.string("city"), click.string("device"), click.string("browser")))
                .containsExactly("DE", "GB-ENG", "Berlin", "tv", "Chrome");

        batch(workspace, Map.of("event", "lead", "event_id", "evt_lead_own", "link_id", link.id(), "ip", "133.11.0.1",
                "event_name", "Sign up"));
        Row lead = EventRows.byId(clickHouse, workspace.id(), "evt_lead_own");
        assertThat(List.of(lead.string("country"), lead.string("region"), lead.string("city"))).containsExactly("JP", "JP-13", "Tokyo");
        assertThat(lead.string("event_name")).isEqualTo("Sign up");
    }

    @Test
    void botsAreStoredAndFlagged() {
        Workspace workspace = fixtures.workspace();
        Link link = fixtures.link(workspace, "https://example.com/bot");
        batch(workspace, Map.of("event", "click", "event_id", "evt_bot", "link_id", link.id(),
                "user_agent", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
        Row bot = EventRows.byId(clickHouse, workspace.id(), "evt_bot");
        assertThat(bot.get("bot")).isEqualTo(true);
        assertThat(bot.string("device")).isEqualTo("bot");
    }

    @Test
    void aMixedBatchKeepsItsGoodLinesAndNamesEveryBadOne() {
        Workspace workspace = fixtures.workspace();
        Workspace other = fixtures.workspace();
        Link link = fixtures.link(workspace, "https://example.com/mixed");
        Link foreign = fixtures.link(other, "https://example.com/foreign");
        String body = String.join("\n",
                "{\"event\":\"click\",\"link_id\":\"" + link.id() + "\"}",
                "{\"event\":\"click\",\"link_id\":",
                "{\"event\":\"purchase\",\"link_id\":\"" + link.id() + "\"}",
                "{\"event\":\"click\",\"link_id\":\"" + link.id() + "\",\"timestamp\":\"yesterday\"}",
                "{\"event\":\"click\",\"link_id\":\"" + foreign.id() + "\"}",
                "",
                "{\"event\":\"click\",\"domain\":\"" + link.domain() + "\",\"key\":\"" + link.key() + "\"}",
                "{\"event\":\"lead\",\"click_id\":\"evt_does_not_exist\"}",
                "{\"event\":\"sale\",\"link_id\":\"" + link.id() + "\"}",
                "[1,2]") + "\n";
        IngestResult result = ingest.batch(workspace, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), null).result();

        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.rejectedCount()).isEqualTo(7);
        assertThat(result.rejected()).extracting(RejectedLine::line, line -> line.code().publicName()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, "invalid_json"),
                org.assertj.core.groups.Tuple.tuple(3L, "unknown_event_type"),
                org.assertj.core.groups.Tuple.tuple(4L, "bad_timestamp"),
                org.assertj.core.groups.Tuple.tuple(5L, "link_not_found"),
                org.assertj.core.groups.Tuple.tuple(8L, "click_not_found"),
                org.assertj.core.groups.Tuple.tuple(9L, "invalid_field"),
                org.assertj.core.groups.Tuple.tuple(10L, "invalid_json"));
        assertThat(result.rejected().get(2).reason()).isEqualTo(
                "timestamp 'yesterday' is not an ISO 8601 date-time with a zone, e.g. 2026-01-31T12:00:00Z");
        assertThat(result.rejected().get(5).reason()).isEqualTo("a sale needs amount, in minor units (e.g. 1999 for 19.99)");
        assertThat(EventRows.count(clickHouse, workspace.id())).isEqualTo(2);
        assertThat(EventRows.count(clickHouse, other.id())).isZero();
    }

    @Test
    void aRetriedBatchWithEventIdsIsStoredOnce() {
        Workspace workspace = fixtures.workspace();
        Link link = fixtures.link(workspace, "https://example.com/retry");
        List<String> first = fixtures.clicks(workspace, link, 50, Instant.parse("2026-02-01T00:00:00Z"), Map.of());
        List<Map<String, Object>> again = first.stream().map(id -> Map.<String, Object>of("event", "click",
                "event_id", id, "link_id", link.id(), "timestamp", "2026-02-01T00:00:00Z")).toList();
        IngestResult retried = ingest.batch(workspace, new ByteArrayInputStream(fixtures.ndjson(again)), null).result();
        assertThat(retried.accepted()).isZero();
        assertThat(retried.duplicates()).isEqualTo(50);
        assertThat(EventRows.count(clickHouse, workspace.id())).isEqualTo(50);
    }

    @Test
    void concurrentRequestsWithTheSameEventIdsStoreEachOnce() throws Exception {
        Workspace workspace = fixtures.workspace();
        Link link = fixtures.link(workspace, "https://example.com/race");
        List<Map<String, Object>> events = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(Map.of("event", "click", "event_id", "evt_race_" + i, "link_id", link.id()));
        }
        byte[] body = fixtures.ndjson(events);
        try (var executor = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<IngestResult>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(executor.submit(() -> ingest.batch(workspace, new ByteArrayInputStream(body), null).result()));
            }
            long accepted = 0;
            long duplicates = 0;
            for (var future : futures) {
                accepted += future.get().accepted();
                duplicates += future.get().duplicates();
            }
            assertThat(accepted).isEqualTo(200);
            assertThat(duplicates).isEqualTo(600);
        }
        assertThat(EventRows.count(clickHouse, workspace.id())).isEqualTo(200);
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswerAndWritesNothingMore() {
        Workspace workspace = fixtures.workspace();
        Link link = fixtures.link(workspace, "https://example.com/idem");
        byte[] body = fixtures.ndjson(List.of(Map.of("event", "click", "link_id", link.id()),
                Map.of("event", "click", "link_id", link.id()), Map.of("event", "nope")));
        IngestOutcome first = ingest.batch(workspace, new ByteArrayInputStream(body), "key-1");
        IngestOutcome second = ingest.batch(workspace, new ByteArrayInputStream(body), "key-1");
        assertThat(first.replayed()).isFalse();
        assertThat(second.replayed()).isTrue();
        assertThat(second.result()).isEqualTo(first.result());
        assertThat(first.result().accepted()).isEqualTo(2);
        assertThat(EventRows.count(clickHouse, workspace.id())).isEqualTo(2);

        byte[] changed = fixtures.ndjson(List.of(Map.of("event", "click", "link_id", link.id())));
        assertThatThrownBy(() -> ingest.batch(workspace, new ByteArrayInputStream(changed), "key-1"))
                .isInstanceOf(IdempotencyConflictException.class)
                .hasMessage("this Idempotency-Key was used with a different request body; use a new key");
        assertThat(EventRows.count(clickHouse, workspace.id())).isEqualTo(2);
    }

    @Test
    void aSingleTrackedEventIsRefusedWholeWithItsReason() {
        Workspace workspace = fixtures.workspace();
        Workspace other = fixtures.workspace();
        Link foreign = fixtures.link(other, "https://example.com/not-yours");
        byte[] body = ("{\"link_id\":\"" + foreign.id() + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ingest.track(workspace, EventType.CLICK, body, null))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("link '" + foreign.id() + "' not found");
        assertThat(EventRows.count(clickHouse, workspace.id())).isZero();
        assertThat(EventRows.count(clickHouse, other.id())).isZero();
    }

    private IngestResult batch(Workspace workspace, Map<String, Object> event) {
        return fixtures.ingest(workspace, List.of(event));
    }
}
