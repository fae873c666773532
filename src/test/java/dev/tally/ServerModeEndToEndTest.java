package dev.tally;

import dev.tally.query.GroupBy;
import dev.tally.store.ClickHouse;
import dev.tally.support.ClickHouseListener;
import dev.tally.support.TallyClient;
import dev.tally.support.TallyClient.Answer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tally in server mode, end to end over real HTTP with real API keys, beside Tally on the embedded engine:
 * the same workspace setup, links and event batches go to both (the server-mode one talks to the test JVM's
 * {@link ClickHouseListener}, a real ClickHouse HTTP server), and every seed surface, every analytics
 * group-by and the events list must answer both the same, byte for byte once each side's own random ids
 * (workspace, links) are named alike. Totals are also counted here from the events sent, so two equally
 * wrong engines cannot pass.
 */
@MicronautTest
@Property(name = "tally.admin.token", value = ServerModeEndToEndTest.ADMIN_TOKEN)
@Property(name = "tally.rate-limit.limit", value = "1000000")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerModeEndToEndTest {
    static final String ADMIN_TOKEN = "e2e-admin-token-0123456789abcdef";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String[] LINK_KEYS = {"e2e-" + RUN + "-launch", "e2e-" + RUN + "-docs", "e2e-" + RUN + "-promo"};
    private static final String[] IPS = {"81.2.69.142", "89.160.20.128", "216.160.83.56", "2.125.160.216", "175.16.199.10",
            "67.43.156.1", "202.196.224.5", "2a02:cf40::1"};
    private static final String[] AGENTS = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"};
    private static final int BOT_AGENT = 4;
    private static final String[] REFERERS = {"", "https://www.google.com/search?q=tally", "https://t.co/abc", "https://news.ycombinator.com/item?id=1"};
    private static final int CLICKS = 1_500;

    @Inject
    EmbeddedServer embeddedServer;
    @Inject
    ClickHouse embeddedEngine;

    private EmbeddedServer serverMode;
    private Side embedded;
    private Side server;
    private final Instant anchor = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    /** Analytics count humans only: clicks from the bot's user agent are stored but not counted. */
    private final Map<String, Long> humanClicksPerCountry = new TreeMap<>();

    /** One Tally with its own workspace, key and link ids. */
    private record Side(String name, TallyClient client, String workspaceId, String organizationId, String apiKey,
                        Map<String, String> linkIds, Map<String, String> linkCreatedAt) {
        /** A request text written with neutral link names ({@code LINK:<key>}) in this side's own ids. */
        String neutralToOwn(String text) {
            String own = text;
            for (Map.Entry<String, String> link : linkIds.entrySet()) {
                own = own.replace("LINK:" + link.getKey(), link.getValue());
            }
            return own;
        }

        /** The body with this side's random ids replaced by names both sides share. */
        String neutral(String body) {
            String text = body.replace(workspaceId, "WORKSPACE").replace(organizationId, "ORGANIZATION");
            for (Map.Entry<String, String> link : linkIds.entrySet()) {
                text = text.replace(link.getValue(), "LINK:" + link.getKey())
                        .replace(linkCreatedAt.get(link.getKey()), "CREATED:" + link.getKey());
            }
            return text;
        }
    }

    @BeforeAll
    void startBothAndIngest() {
        assertThat(embeddedEngine.engine()).isEqualTo("embedded");
        ClickHouseListener listener = ClickHouseListener.shared();
        serverMode = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "tally.clickhouse.url", listener.jdbcUrl("tally_e2e"),
                "micronaut.server.port", -1,
                "tally.admin.token", ADMIN_TOKEN,
                "tally.rate-limit.limit", "1000000"));
        assertThat(serverMode.getApplicationContext().getBean(ClickHouse.class).engine()).isEqualTo("server");

        embedded = setUp("embedded", embeddedServer);
        server = setUp("server", serverMode);

        List<String> clicks = new ArrayList<>();
        String first = batch(clicks, 0);
        String second = followUps(clicks, first);
        for (Side side : List.of(embedded, server)) {
            Answer one = side.client().post("/api/v1/events/batch", "application/x-ndjson", side.neutralToOwn(first), side.apiKey()).ok();
            assertThat(one.json()).as(side.name()).containsEntry("accepted", CLICKS + 300).containsEntry("duplicates", 0);
            Answer two = side.client().post("/api/v1/events/batch", "application/x-ndjson", side.neutralToOwn(second), side.apiKey()).ok();
            // The second batch repeats 100 clicks of the first: stored once, reported as duplicates.
            assertThat(two.json()).as(side.name()).containsEntry("accepted", 200).containsEntry("duplicates", 100)
                    .containsEntry("rejected_count", 0);
        }
    }

    @AfterAll
    void stopServerMode() {
        if (embedded != null) {
            embedded.client().close();
        }
        if (server != null) {
            server.client().close();
        }
        if (serverMode != null) {
            serverMode.getApplicationContext().close();
        }
    }

    @Test
    void healthNamesEachEngine() {
        assertThat(embedded.client().get("/health", "").ok().json()).containsEntry("engine", "embedded");
        assertThat(server.client().get("/health", "").ok().json()).containsEntry("engine", "server")
                .containsEntry("status", "up");
    }

    @Test
    void totalsMatchTheEventsSent() {
        for (Side side : List.of(embedded, server)) {
            Answer count = side.client().get("/api/v1/analytics?event=clicks&groupBy=count&" + range(), side.apiKey()).ok();
            long humans = humanClicksPerCountry.values().stream().mapToLong(Long::longValue).sum();
            assertThat(humans).isBetween(CLICKS / 2L, CLICKS - 1L);
            assertThat(((Number) count.json().get("clicks")).longValue()).as(side.name()).isEqualTo(humans);
            Answer countries = side.client().get("/api/v1/analytics?event=clicks&groupBy=countries&" + range(), side.apiKey()).ok();
            Map<String, Long> perCountry = new TreeMap<>();
            for (Object row : (List<?>) countries.tree()) {
                Map<?, ?> entry = (Map<?, ?>) row;
                perCountry.put((String) entry.get("country"), ((Number) entry.get("clicks")).longValue());
            }
            assertThat(perCountry).as(side.name()).isEqualTo(humanClicksPerCountry);
        }
    }

    @Test
    void everySurfaceAnswersTheSameOnBothEngines() {
        List<String> differences = new ArrayList<>();
        int nonEmpty = 0;
        for (Map.Entry<String, Request> request : requests().entrySet()) {
            Answer a = request.getValue().send(embedded);
            Answer b = request.getValue().send(server);
            assertThat(a.status()).as(request.getKey() + ": " + a.body()).isEqualTo(200);
            String left = embedded.neutral(a.body());
            String right = server.neutral(b.body());
            if (b.status() != 200 || !left.equals(right)) {
                differences.add(request.getKey() + " (HTTP " + b.status() + ")\n" + firstDifference(left, right));
            }
            if (!equalHeader(a, b, "X-Tally-Source")) {
                differences.add(request.getKey() + ": X-Tally-Source " + a.header("X-Tally-Source") + " vs " + b.header("X-Tally-Source"));
            }
            if (left.matches(".*[1-9].*")) {
                nonEmpty++;
            }
        }
        assertThat(differences).isEmpty();
        assertThat(nonEmpty).as("answers with data in them").isGreaterThan(requests().size() * 3 / 4);
    }

    private static String firstDifference(String left, String right) {
        int at = 0;
        while (at < left.length() && at < right.length() && left.charAt(at) == right.charAt(at)) {
            at++;
        }
        int from = Math.max(0, at - 120);
        return "  embedded: …" + left.substring(from, Math.min(left.length(), at + 120))
                + "\n  server:   …" + right.substring(Math.min(from, right.length()), Math.min(right.length(), at + 120));
    }

    private static boolean equalHeader(Answer a, Answer b, String name) {
        return String.valueOf(a.header(name)).equals(String.valueOf(b.header(name)));
    }

    /** A request both sides get, written with neutral names ({@code LINK:<key>}). */
    @FunctionalInterface
    private interface Request {
        Answer send(Side side);
    }

    private Map<String, Request> requests() {
        Map<String, Request> requests = new LinkedHashMap<>();
        for (String event : List.of("clicks", "leads", "sales", "composite")) {
            for (GroupBy groupBy : GroupBy.values()) {
                String query = "/api/v1/analytics?event=" + event + "&groupBy=" + groupBy.publicName() + "&" + range();
                requests.put("001 " + event + " " + groupBy.publicName(), side -> get(side, query));
            }
        }
        requests.put("001 clicks countries, filtered", side -> get(side,
                "/api/v1/analytics?event=clicks&groupBy=countries&device=mobile,tablet&linkId=LINK:" + LINK_KEYS[0] + "&" + range()));
        requests.put("001 clicks timeseries, hourly, Berlin", side -> get(side,
                "/api/v1/analytics?event=clicks&groupBy=timeseries&interval=24h&timezone=Europe/Berlin"));
        requests.put("001 composite count, 7d", side -> get(side, "/api/v1/analytics?event=composite&groupBy=count&interval=7d"));
        for (String groupBy : List.of("day", "country", "device", "browser", "referrer")) {
            requests.put("000 clicks groupBy=" + groupBy, side -> get(side, "/api/v1/analytics/clicks?groupBy=" + groupBy
                    + "&start=" + today.minusDays(8) + "&end=" + today));
        }
        for (String groupBy : List.of("day", "country", "device", "referrer")) {
            requests.put("000 views groupBy=" + groupBy, side -> get(side, "/api/v1/analytics/views?groupBy=" + groupBy
                    + "&start=" + today.minusDays(8) + "&end=" + today));
        }
        requests.put("000 clicks one link", side -> get(side, "/api/v1/analytics/clicks?groupBy=country&limit=5&linkId=LINK:" + LINK_KEYS[1]));
        for (String key : LINK_KEYS) {
            requests.put("002 link report " + key, side -> get(side, "/api/v1/analytics/LINK:" + key));
            requests.put("002 link report " + key + ", range", side -> get(side, "/api/v1/analytics/LINK:" + key
                    + "?start=" + today.minusDays(3) + "T00:00:00Z&end=" + today + "T23:59:59Z"));
            for (String period : List.of("", "?period=7d", "?period=30d")) {
                requests.put("004 slug " + key + period, side -> get(side, "/api/v1/links/" + key + "/analytics" + period));
            }
        }
        requests.put("003 click log, 8 days", side -> post(side, "/v1/analytics",
                "{\"start\":\"" + today.minusDays(8) + "\",\"end\":\"" + today + "\",\"limit\":500}"));
        requests.put("003 click log, one day", side -> post(side, "/v1/analytics",
                "{\"start\":\"" + today.minusDays(2) + "\",\"end\":\"" + today.minusDays(2) + "\"}"));
        requests.put("events list, clicks", side -> get(side, "/api/v1/events?event=clicks&limit=200&" + range()));
        requests.put("events list, sales, page 2", side -> get(side, "/api/v1/events?event=sales&limit=20&page=2&sortOrder=asc&" + range()));
        return requests;
    }

    private String range() {
        return "start=" + anchor.minus(8, ChronoUnit.DAYS) + "&end=" + anchor.plus(2, ChronoUnit.HOURS) + "&timezone=UTC";
    }

    private static Answer get(Side side, String neutralPathAndQuery) {
        return side.client().get(side.neutralToOwn(neutralPathAndQuery), side.apiKey());
    }

    private static Answer post(Side side, String path, String neutralJson) {
        return side.client().post(path, "application/json", side.neutralToOwn(neutralJson), side.apiKey());
    }

    private Side setUp(String name, EmbeddedServer app) {
        TallyClient client = new TallyClient(app.getURI(), ADMIN_TOKEN);
        Map<String, Object> workspace = client.createWorkspace("business", "Europe/Berlin");
        String workspaceId = (String) workspace.get("id");
        String apiKey = client.issueKey(workspaceId);
        Map<String, String> linkIds = new LinkedHashMap<>();
        Map<String, String> linkCreatedAt = new LinkedHashMap<>();
        for (String key : LINK_KEYS) {
            Map<String, Object> link = client.post("/api/v1/links", "application/json",
                    "{\"url\":\"https://example.com/" + key + "\",\"key\":\"" + key + "\",\"tag_ids\":[\"tag_" + key.length() % 2 + "\"]}", apiKey)
                    .ok().json();
            linkIds.put(key, (String) link.get("id"));
            linkCreatedAt.put(key, (String) link.get("created_at"));
        }
        return new Side(name, client, workspaceId, (String) workspace.get("organization_id"), apiKey, linkIds, linkCreatedAt);
    }

    /** Clicks over the last eight days plus page views, as NDJSON with neutral link ids. */
    private String batch(List<String> clickIds, long seed) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < CLICKS; i++) {
            String id = "evt_c_" + RUN + "_" + i;
            clickIds.add(id);
            Instant at = anchor.minusSeconds(random.nextLong(8 * 86_400L));
            String country = switch (random.nextInt(5)) {
                case 0 -> "US";
                case 1 -> "GB";
                case 2 -> "DE";
                case 3 -> "IN";
                default -> "BR";
            };
            int agent = random.nextInt(AGENTS.length);
            if (agent != BOT_AGENT) {
                humanClicksPerCountry.merge(country, 1L, Long::sum);
            }
            out.append("{\"event\":\"click\",\"event_id\":\"").append(id).append("\",\"timestamp\":\"").append(at)
                    .append("\",\"link_id\":\"LINK:").append(LINK_KEYS[random.nextInt(LINK_KEYS.length)])
                    .append("\",\"ip\":\"").append(IPS[random.nextInt(IPS.length)])
                    .append("\",\"country\":\"").append(country)
                    .append("\",\"user_agent\":\"").append(AGENTS[agent])
                    .append("\",\"referer\":\"").append(REFERERS[random.nextInt(REFERERS.length)])
                    .append("\",\"url\":\"https://example.com/landing?utm_source=").append(random.nextBoolean() ? "newsletter" : "twitter")
                    .append("&utm_campaign=spring\",\"trigger\":\"").append(random.nextInt(4) == 0 ? "qr" : "link").append("\"}\n");
        }
        for (int i = 0; i < 300; i++) {
            Instant at = anchor.minusSeconds(random.nextLong(8 * 86_400L));
            out.append("{\"event\":\"view\",\"event_id\":\"evt_v_").append(RUN).append('_').append(i).append("\",\"timestamp\":\"").append(at)
                    .append("\",\"page_id\":\"page_").append(i % 4).append("\",\"ip\":\"").append(IPS[random.nextInt(IPS.length)])
                    .append("\",\"user_agent\":\"").append(AGENTS[random.nextInt(AGENTS.length)]).append("\"}\n");
        }
        return out.toString();
    }

    /** Leads and sales attributed to earlier clicks (the click's attributes are copied), plus 100 repeated clicks. */
    private String followUps(List<String> clickIds, String firstBatch) {
        Random random = new Random(7);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String clickId = clickIds.get(random.nextInt(clickIds.size()));
            boolean sale = i % 3 == 0;
            out.append("{\"event\":\"").append(sale ? "sale" : "lead").append("\",\"event_id\":\"evt_f_").append(RUN).append('_').append(i)
                    .append("\",\"timestamp\":\"").append(anchor.minusSeconds(random.nextLong(3 * 86_400L)))
                    .append("\",\"click_id\":\"").append(clickId).append("\",\"customer_id\":\"cus_").append(i % 50).append('"');
            if (sale) {
                out.append(",\"amount\":").append(500 + random.nextInt(20_000)).append(",\"currency\":\"usd\",\"invoice_id\":\"inv_").append(i).append('"');
            } else {
                out.append(",\"event_name\":\"Sign up\"");
            }
            out.append("}\n");
        }
        firstBatch.lines().limit(100).forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }
}
