package dev.tally.api.clicklog;

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

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeds/003 replayed: {@code POST /v1/analytics} over inclusive days in the workspace's zone (Tokyo here),
 * every field of every click compared with the generated list, and a range read page by page.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClickLogContractTest {
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

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
        owner = workspaces.create(Plan.PRO, TOKYO, Scope.ANALYTICS_READ);
        data = GeneratedEvents.generate(3, 6_000, owner.workspace().id());
        GeneratedEvents.insert(clickHouse, data);
    }

    private HttpAnswer post(Map<String, Object> body, TestWorkspace as) {
        return HttpAnswer.send(client, HttpRequest.POST("/v1/analytics", body).bearerAuth(as.apiKey()));
    }

    /** Human clicks on the given local days, oldest first, in the seed's element shape. */
    private List<Map<String, Object>> expected(String start, String end, Predicate<Event> more) {
        LocalDate first = LocalDate.parse(start);
        LocalDate last = LocalDate.parse(end);
        return data.events().stream()
                .filter(e -> e.eventType().equals("click") && !e.bot())
                .filter(e -> {
                    LocalDate day = LocalDate.ofInstant(e.timestamp(), TOKYO);
                    return !day.isBefore(first) && !day.isAfter(last);
                })
                .filter(more)
                .sorted(Comparator.comparing(Event::timestamp).thenComparing(Event::eventId))
                .map(this::element)
                .toList();
    }

    private Map<String, Object> element(Event e) {
        Map<String, Object> click = new HashMap<>();
        click.put("id", e.eventId());
        click.put("workspace_id", owner.workspace().id());
        click.put("organization_id", owner.workspace().organizationId());
        click.put("url_id", e.linkId());
        click.put("domain", e.domain());
        click.put("created_at", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(e.timestamp().atZone(TOKYO)));
        click.put("url_slug", e.key());
        click.put("device_type", e.device().toLowerCase(Locale.ROOT));
        click.put("platform", e.os());
        click.put("browser", e.browser());
        click.put("country", e.country().isEmpty() ? null : e.country());
        click.put("referrer", e.refererUrl().isEmpty() ? null : e.refererUrl());
        return click;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> data(HttpAnswer answer) {
        return (List<Map<String, Object>>) answer.json().get("data");
    }

    @Test
    void theSeedsRequestAnswersEveryClickOfTheInclusiveLocalDays() {
        HttpAnswer answer = post(Map.of("workspace_id", owner.workspace().id(), "start", "2026-03-01", "end", "2026-03-07"), owner);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsOnlyKeys("success", "status_code", "data", "message")
                .containsEntry("success", true).containsEntry("status_code", 200).containsEntry("message", "");
        List<Map<String, Object>> expected = expected("2026-03-01", "2026-03-07", e -> true);
        assertThat(expected).hasSizeBetween(100, 999);
        assertThat(data(answer)).containsExactlyElementsOf(expected);
        assertThat(answer.header(ClickLogController.NEXT_CURSOR)).isEmpty();
        assertThat(answer.header("X-Tally-Source")).contains("raw");
    }

    @Test
    void aLongRangeIsReadPageByPageWithTheCursor() {
        List<Map<String, Object>> expected = expected("2026-02-20", "2026-04-20", e -> true);
        List<Map<String, Object>> read = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("start", "2026-02-20", "end", "2026-04-20", "limit", 500));
            cursor.ifPresent(c -> body.put("cursor", c));
            HttpAnswer page = post(body, owner);
            assertThat(page.status()).isEqualTo(200);
            assertThat(data(page)).hasSizeLessThanOrEqualTo(500);
            read.addAll(data(page));
            cursor = page.header(ClickLogController.NEXT_CURSOR);
            pages++;
        } while (cursor.isPresent());
        assertThat(read).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(expected.size() / 500 + 1);
    }

    @Test
    void urlIdNarrowsToOneLink() {
        String link = data.links().get(1).id();
        HttpAnswer answer = post(Map.of("start", "2026-03-01", "end", "2026-03-31", "url_id", link), owner);
        assertThat(data(answer)).containsExactlyElementsOf(expected("2026-03-01", "2026-03-31", e -> e.linkId().equals(link))).isNotEmpty();
    }

    @Test
    void anotherWorkspaceIsRefusedInTheSeedsEnvelope() {
        TestWorkspace stranger = workspaces.create(Plan.PRO);
        HttpAnswer answer = post(Map.of("workspace_id", owner.workspace().id(), "start", "2026-03-01", "end", "2026-03-07"), stranger);
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json()).containsEntry("success", false).containsEntry("status_code", 403).containsEntry("data", null)
                .containsKey("message");
        assertThat(answer.body()).doesNotContain("evt_");
    }

    @Test
    void badBodiesAreA400InTheSeedsEnvelope() {
        Map<Map<String, Object>, String> cases = new LinkedHashMap<>();
        cases.put(Map.of("end", "2026-03-07"), "start is required (YYYY-MM-DD).");
        cases.put(Map.of("start", "2026-03-07"), "end is required (YYYY-MM-DD).");
        cases.put(Map.of("start", "2026-03-01T00:00:00Z", "end", "2026-03-07"), "start must be a date in YYYY-MM-DD form; got '2026-03-01T00:00:00Z'.");
        cases.put(Map.of("start", "2026-03-07", "end", "2026-03-01"), "end must not be before start.");
        cases.put(Map.of("start", "2026-03-01", "end", "2026-03-07", "limit", 10_001), "limit must be from 1 to 10000; got 10001.");
        cases.put(Map.of("start", "2026-03-01", "end", "2026-03-07", "cursor", "%%%"), "cursor is not a cursor this endpoint returned: '%%%'.");
        // Cursors that decode to values no page ever ends on: they used to reach the engine and fail there (500).
        for (String text : List.of("9223372036854775807:x", "-9223372036854775808:x", "1772323200000:", ":evt_1", "1772323200000",
                "abc:evt_1", "1772323200000:evt 1", "1772323200000:\u00e9v\u00e9", "1772323200000:" + "e".repeat(129),
                "99999999999999999999:evt_1")) {
            String cursor = cursor(text);
            cases.put(Map.of("start", "2026-03-01", "end", "2026-03-07", "cursor", cursor), "cursor is not a cursor this endpoint returned: '"
                    + (cursor.length() > 64 ? cursor.substring(0, 64) + "\u2026" : cursor) + "'.");
        }
        // The range is 2026-03-01..07 in Tokyo: [2026-02-28T15:00Z, 2026-03-07T15:00Z).
        for (String text : List.of("253402300799999:x", "0:evt_1", "1772290799999:evt_1", "1772895600000:evt_1")) {
            cases.put(Map.of("start", "2026-03-01", "end", "2026-03-07", "cursor", cursor(text)),
                    "cursor points outside start..end; send the cursor of a page of this same range.");
        }
        cases.forEach((body, message) -> {
            HttpAnswer answer = post(body, owner);
            assertThat(answer.status()).as(message).isEqualTo(400);
            Map<String, Object> error = new HashMap<>();
            error.put("success", false);
            error.put("status_code", 400);
            error.put("data", null);
            error.put("message", message);
            assertThat(answer.json()).isEqualTo(error);
        });
    }

    private static String cursor(String text) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
