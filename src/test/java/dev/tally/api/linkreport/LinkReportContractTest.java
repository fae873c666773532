package dev.tally.api.linkreport;

import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.store.ClickHouse;
import dev.tally.support.GeneratedEvents;
import dev.tally.support.GeneratedEvents.Event;
import dev.tally.support.HttpAnswer;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import static dev.tally.support.SurfaceCounts.count;
import static dev.tally.support.SurfaceCounts.human;
import static dev.tally.support.SurfaceCounts.number;
import static dev.tally.support.SurfaceCounts.top;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeds/002 replayed: {@code GET /api/v1/analytics/{link_id}} with and without a date range, against
 * generated events in a Berlin workspace (days are the workspace's), numbers counted in Java.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkReportContractTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant EVER = Instant.parse("2015-01-01T00:00:00Z");
    private static final Instant NOW_ISH = Instant.parse("2030-01-01T00:00:00Z");

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ClickHouse clickHouse;
    @Inject
    TestWorkspaces workspaces;

    TestWorkspace owner;
    GeneratedEvents.Data data;

    @BeforeAll
    void generate() {
        owner = workspaces.create(Plan.PRO, BERLIN, Scope.ANALYTICS_READ);
        data = GeneratedEvents.generate(11, 6_000, owner.workspace().id());
        GeneratedEvents.insert(clickHouse, data);
    }

    private HttpAnswer get(String pathAndQuery, TestWorkspace as) {
        return HttpAnswer.send(client, HttpRequest.GET(pathAndQuery).bearerAuth(as.apiKey()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(HttpAnswer answer) {
        assertThat(answer.json()).containsOnlyKeys("success", "data").containsEntry("success", true);
        Map<String, Object> data = (Map<String, Object>) answer.json().get("data");
        assertThat(data).containsOnlyKeys("link_id", "short_code", "total_clicks", "time_series", "referrers", "countries", "cities",
                "devices", "browsers", "os");
        return data;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> data, String field) {
        return (List<Map<String, Object>>) data.get(field);
    }

    @Test
    void fullAnalyticsCoverAllTimeWithTopTenPerDimension() {
        GeneratedEvents.LinkVersion link = data.links().getFirst();
        HttpAnswer answer = get("/api/v1/analytics/" + link.id(), owner);

        assertThat(answer.status()).isEqualTo(200);
        Map<String, Object> report = body(answer);
        assertReport(report, link, human("click", EVER, NOW_ISH).and(e -> e.linkId().equals(link.id())));
        assertThat(answer.header("X-Tally-Source")).contains("raw");
    }

    @Test
    void withADateRangeOnlyThoseClicksCount() {
        GeneratedEvents.LinkVersion link = data.links().get(1);
        HttpAnswer answer = get("/api/v1/analytics/" + link.id() + "?start=2026-03-01T00:00:00Z&end=2026-03-24T23:59:59Z", owner);

        Predicate<Event> keep = human("click", Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-25T00:00:00Z"))
                .and(e -> e.linkId().equals(link.id()));
        assertReport(body(answer), link, keep);
    }

    @Test
    void startOrEndAloneDoesNotFilter() {
        GeneratedEvents.LinkVersion link = data.links().getFirst();
        Map<String, Object> all = body(get("/api/v1/analytics/" + link.id(), owner));
        assertThat(body(get("/api/v1/analytics/" + link.id() + "?start=2026-04-01T00:00:00Z", owner))).isEqualTo(all);
        assertThat(body(get("/api/v1/analytics/" + link.id() + "?end=2026-03-01", owner))).isEqualTo(all);
    }

    private void assertReport(Map<String, Object> report, GeneratedEvents.LinkVersion link, Predicate<Event> keep) {
        List<Event> events = data.events();
        assertThat(report).containsEntry("link_id", link.id()).containsEntry("short_code", link.key());
        assertThat(number(report.get("total_clicks"))).isEqualTo(count(events, keep)).isPositive();

        Map<String, Long> days = new TreeMap<>();
        events.stream().filter(keep).forEach(e -> days.merge(LocalDate.ofInstant(e.timestamp(), BERLIN).toString(), 1L, Long::sum));
        Map<String, Long> series = new LinkedHashMap<>();
        list(report, "time_series").forEach(row -> {
            assertThat(row).containsOnlyKeys("date", "count");
            series.put((String) row.get("date"), number(row.get("count")));
        });
        assertThat(series).containsExactlyEntriesOf(days);
        assertThat(series.values()).allMatch(count -> count > 0);

        List<Object[]> referrers = new ArrayList<>();
        top(events, keep, Event::referer, 10).forEach((referer, count) -> referrers.add(new Object[]{referer.isEmpty() ? null : referer, count}));
        assertThat(list(report, "referrers")).extracting(row -> new Object[]{row.get("referrer"), number(row.get("count"))})
                .containsExactlyElementsOf(referrers);
        assertThat(list(report, "referrers")).anySatisfy(row -> assertThat(row).containsEntry("referrer", null));

        assertThat(pairs(list(report, "countries"), "country")).containsExactlyEntriesOf(top(events, keep, Event::country, 10));
        assertThat(pairs(list(report, "devices"), "device_type"))
                .containsExactlyEntriesOf(top(events, keep, e -> e.device().toLowerCase(Locale.ROOT), 10));
        assertThat(pairs(list(report, "browsers"), "browser")).containsExactlyEntriesOf(top(events, keep, Event::browser, 10));
        assertThat(pairs(list(report, "os"), "os")).containsExactlyEntriesOf(top(events, keep, Event::os, 10));

        Map<String, Long> cities = new HashMap<>();
        for (Map<String, Object> row : list(report, "cities")) {
            assertThat(row).containsOnlyKeys("city", "country", "count");
            cities.put(row.get("city") + "|" + row.get("country"), number(row.get("count")));
        }
        assertThat(cities).isEqualTo(top(events, keep, e -> e.city() + "|" + e.country(), 10));
        assertThat(list(report, "cities")).extracting(row -> number(row.get("count"))).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    private static Map<String, Long> pairs(List<Map<String, Object>> rows, String key) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            assertThat(row).containsOnlyKeys(key, "count");
            out.put((String) row.get(key), number(row.get("count")));
        }
        assertThat(out).hasSizeLessThanOrEqualTo(10);
        return out;
    }

    @Test
    void unknownDeletedAndOtherWorkspacesLinksAreTheSame404() {
        TestWorkspace stranger = workspaces.create(Plan.PRO);
        String own = data.links().getFirst().id();
        String deleted = data.links().get(5).id();
        HttpAnswer foreign = get("/api/v1/analytics/" + own, stranger);
        HttpAnswer unknown = get("/api/v1/analytics/no_such_link", stranger);
        HttpAnswer gone = get("/api/v1/analytics/" + deleted, owner);

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json()).isEqualTo(Map.of("success", false, "error", Map.of("code", "NOT_FOUND", "message", "Link not found: " + own)));
        assertThat(unknown.body().replace("no_such_link", "ID")).isEqualTo(foreign.body().replace(own, "ID"));
        assertThat(gone.status()).isEqualTo(404);
    }

    @Test
    void aMalformedOrBackwardsRangeIsA400() {
        String link = data.links().getFirst().id();
        HttpAnswer malformed = get("/api/v1/analytics/" + link + "?start=June&end=2025-06-24T23:59:59Z", owner);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json()).isEqualTo(Map.of("success", false, "error", Map.of("code", "VALIDATION_ERROR",
                "message", "start must be an ISO 8601 date or date-time (e.g. 2025-06-01T00:00:00Z); got 'June'.")));
        HttpAnswer backwards = get("/api/v1/analytics/" + link + "?start=2025-06-24&end=2025-06-01", owner);
        assertThat(backwards.json()).isEqualTo(Map.of("success", false, "error", Map.of("code", "VALIDATION_ERROR",
                "message", "end must not be before start.")));
    }
}
