package dev.tally.api.events;

import dev.tally.runner.QueryRunner;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import dev.tally.store.ClickHouse;
import dev.tally.support.GeneratedEvents;
import dev.tally.support.Oracle;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The events list's pages and objects, per seed 001 and Dub's event schema, checked against the oracle. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventsResponseTest {
    @Inject
    ClickHouse clickHouse;
    @Inject
    QueryRunner service;
    @Inject
    JsonMapper json;

    GeneratedEvents.Data data;
    Oracle oracle;
    final QueryParser parser = new QueryParser(Clock.systemUTC());

    @BeforeAll
    void generate() {
        data = GeneratedEvents.generate(9, 3_000);
        GeneratedEvents.insert(clickHouse, data);
        oracle = new Oracle(data);
    }

    private AnalyticsQuery query(String... keysAndValues) {
        Map<String, List<String>> params = new java.util.HashMap<>(Map.of("start", List.of("2026-03-01"), "end", List.of("2026-04-10")));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.put(keysAndValues[i], List.of(keysAndValues[i + 1]));
        }
        return parser.parse(params, SurfaceRules.EVENTS_LIST, data.workspaceId(), ZoneId.of("UTC"));
    }

    @Test
    void pagesFollowTheOracleInBothOrders() {
        for (String order : List.of("desc", "asc")) {
            for (int page = 1; page <= 4; page++) {
                AnalyticsQuery query = query("page", Integer.toString(page), "pageSize", "37", "sortOrder", order, "country", "-US");
                List<Map<String, Object>> body = EventsResponse.body(service.events(query).rows(), json);
                assertThat(body).extracting(event -> ((Map<?, ?>) event.get("click")).get("id")).as("page %d %s", page, order)
                        .isEqualTo(oracle.page(query));
            }
        }
    }

    @Test
    void clicksLeadsAndSalesCarryDubsFields() {
        Map<String, Object> click = EventsResponse.body(service.events(query("limit", "1")).rows(), json).getFirst();
        assertThat(click).containsOnlyKeys("event", "timestamp", "click", "link", "click_id", "link_id", "domain", "key", "url",
                "continent", "country", "city", "device", "browser", "os", "qr", "ip").containsEntry("event", "click");
        assertThat(cast(click.get("click"))).containsKeys("id", "timestamp", "url", "country", "city", "region",
                "continent", "device", "browser", "os", "trigger", "referer", "refererUrl", "qr", "ip");
        assertThat(cast(click.get("link"))).containsKeys("id", "domain", "key", "url", "shortLink", "externalId",
                "tenantId", "folderId", "tags", "createdAt");

        Map<String, Object> sale = EventsResponse.body(service.events(query("event", "sales", "query", "annual", "limit", "1")).rows(), json).getFirst();
        assertThat(sale).containsKeys("event", "timestamp", "eventId", "eventName", "sale", "metadata", "click", "link", "customer")
                .containsEntry("event", "sale").containsEntry("eventName", "Invoice paid");
        assertThat(cast(sale.get("sale"))).containsKeys("amount", "currency", "invoiceId", "paymentProcessor");
        assertThat(cast(sale.get("metadata"))).containsEntry("plan", "Pro Annual");

        Map<String, Object> lead = EventsResponse.body(service.events(query("event", "leads", "limit", "1")).rows(), json).getFirst();
        assertThat(lead).containsEntry("event", "lead").containsEntry("eventName", "Sign up").containsKey("customer").doesNotContainKey("sale");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }
}
