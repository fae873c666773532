package dev.tally.auth;

import dev.tally.support.HttpAnswer;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two workspaces, A and B: B's key never sees or changes A's data, and A's ids answer B exactly like ids
 * that do not exist. Every endpoint that takes a workspace-owned id gets a row in {@link #endpoints()}:
 * add yours (links, pages, …) there, written as "B asks for the resource with these ids".
 */
@MicronautTest
@Property(name = "spec.name", value = "IsolationTest")
@Property(name = "tally.admin.token", value = IsolationTest.ADMIN_TOKEN)
class IsolationTest {
    static final String ADMIN_TOKEN = "test-admin-token-isolation";
    private static final String UNKNOWN_WORKSPACE = "ws_000000000000000000000000";
    private static final String UNKNOWN_KEY = "key_000000000000000000000000";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    TestWorkspaces workspaces;

    /** One endpoint, as a request B sends naming a workspace id and a key id (A's, or unknown ones). */
    record Endpoint(String name, BiFunction<String, String, MutableHttpRequest<?>> request) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Endpoint> endpoints() {
        return Stream.of(
                new Endpoint("GET workspace", (ws, key) -> HttpRequest.GET("/api/v1/workspaces/" + ws)),
                new Endpoint("PATCH workspace", (ws, key) -> HttpRequest.PATCH("/api/v1/workspaces/" + ws, Map.of("plan", "free"))),
                new Endpoint("list keys", (ws, key) -> HttpRequest.GET("/api/v1/workspaces/" + ws + "/keys")),
                new Endpoint("GET key", (ws, key) -> HttpRequest.GET("/api/v1/workspaces/" + ws + "/keys/" + key)),
                new Endpoint("issue key", (ws, key) -> HttpRequest.POST("/api/v1/workspaces/" + ws + "/keys",
                        Map.of("name", "stolen", "scopes", List.of("analytics:read")))),
                new Endpoint("revoke key", (ws, key) -> HttpRequest.DELETE("/api/v1/workspaces/" + ws + "/keys/" + key)),
                new Endpoint("body workspace_id", (ws, key) -> HttpRequest.POST("/api/v1/probe/links", Map.of("workspace_id", ws))),
                new Endpoint("click log workspace_id", (ws, key) -> HttpRequest.POST("/v1/analytics",
                        Map.of("workspace_id", ws, "start", "2026-03-01", "end", "2026-03-31"))));
    }

    /** One analytics endpoint naming a link, as a request B sends with a link id and its slug (A's, or unknown ones). */
    record LinkEndpoint(String name, BiFunction<String, String, MutableHttpRequest<?>> request) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<LinkEndpoint> linkEndpoints() {
        return Stream.of(
                new LinkEndpoint("link report", (id, slug) -> HttpRequest.GET("/api/v1/analytics/" + id)),
                new LinkEndpoint("slug analytics", (id, slug) -> HttpRequest.GET("/api/v1/links/" + slug + "/analytics?period=90d")),
                new LinkEndpoint("clicks of a link", (id, slug) -> HttpRequest.GET("/api/v1/analytics/clicks?groupBy=country&linkId=" + id)),
                new LinkEndpoint("click log of a link", (id, slug) -> HttpRequest.POST("/v1/analytics",
                        Map.of("start", "2026-01-01", "end", "2026-12-31", "url_id", id))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linkEndpoints")
    void bsKeySeesNothingOfAsLinksAndTheirIdsLookUnknown(LinkEndpoint endpoint) {
        TestWorkspace a = workspaces.create(Plan.BUSINESS);
        TestWorkspace b = workspaces.create(Plan.BUSINESS);
        String linkId = "link_isolation_" + java.util.UUID.randomUUID().toString().replace("-", "");
        String slug = "iso" + linkId.substring(linkId.length() - 8);
        String unknownId = "link_isolation_unknown";
        String unknownSlug = "isounknown";
        insertLinkWithClicks(a.workspace().id(), linkId, slug);

        HttpAnswer own = HttpAnswer.send(client, endpoint.request().apply(linkId, slug).bearerAuth(a.apiKey()));
        HttpAnswer withAsLink = HttpAnswer.send(client, endpoint.request().apply(linkId, slug).bearerAuth(b.apiKey()));
        HttpAnswer withUnknownLink = HttpAnswer.send(client, endpoint.request().apply(unknownId, unknownSlug).bearerAuth(b.apiKey()));

        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body()).contains("\"US\"");
        assertThat(withAsLink.status()).isEqualTo(withUnknownLink.status());
        assertThat(withAsLink.body().replace(linkId, "LINK").replace(slug, "SLUG"))
                .isEqualTo(withUnknownLink.body().replace(unknownId, "LINK").replace(unknownSlug, "SLUG"))
                .doesNotContain("\"US\"");
    }

    @Inject
    dev.tally.store.ClickHouse clickHouse;

    /** A's link with three clicks from the US in March 2026, written straight into the tables. */
    private void insertLinkWithClicks(String workspaceId, String linkId, String slug) {
        String link = "{\"workspace_id\":\"" + workspaceId + "\",\"id\":\"" + linkId + "\",\"domain\":\"tly.sh\",\"key\":\"" + slug
                + "\",\"url\":\"https://acme.com\",\"created_at\":\"2026-01-01 00:00:00.000\",\"updated_at\":\"2026-01-01 00:00:00.000\"}\n";
        clickHouse.insert("links", dev.tally.store.InputFormat.JSON_EACH_ROW,
                new java.io.ByteArrayInputStream(link.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        StringBuilder clicks = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            // Dated inside every endpoint's range, the slug's 90 days included.
            String when = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(java.time.ZoneOffset.UTC)
                    .format(i == 0 ? java.time.Instant.now().minusSeconds(3600) : java.time.Instant.parse("2026-03-1" + i + "T10:00:00Z"));
            clicks.append("{\"workspace_id\":\"").append(workspaceId).append("\",\"event_id\":\"evt_iso_").append(linkId).append(i)
                    .append("\",\"event_type\":\"click\",\"timestamp\":\"").append(when).append("\",\"link_id\":\"").append(linkId)
                    .append("\",\"domain\":\"tly.sh\",\"key\":\"").append(slug).append("\",\"country\":\"US\",\"device\":\"Mobile\",\"ip_hash\":")
                    .append(i + 1).append("}\n");
        }
        clickHouse.insert("events", dev.tally.store.InputFormat.JSON_EACH_ROW,
                new java.io.ByteArrayInputStream(clicks.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void bsKeyCannotReachAsDataAndAsIdsLookUnknown(Endpoint endpoint) {
        TestWorkspace a = workspaces.create(Plan.BUSINESS);
        TestWorkspace b = workspaces.create(Plan.BUSINESS);

        HttpAnswer withAsIds = HttpAnswer.send(client, endpoint.request().apply(a.workspace().id(), a.keyId()).bearerAuth(b.apiKey()));
        HttpAnswer withUnknownIds = HttpAnswer.send(client, endpoint.request().apply(UNKNOWN_WORKSPACE, UNKNOWN_KEY).bearerAuth(b.apiKey()));

        assertThat(withAsIds.status()).isBetween(400, 499);
        assertThat(withAsIds.status()).isEqualTo(withUnknownIds.status());
        assertThat(withAsIds.body().replace(a.workspace().id(), "WS").replace(a.keyId(), "KEY"))
                .isEqualTo(withUnknownIds.body().replace(UNKNOWN_WORKSPACE, "WS").replace(UNKNOWN_KEY, "KEY"));
        assertUnchanged(a);
    }

    @Test
    void bsKeySeesOnlyB() {
        TestWorkspace a = workspaces.create(Plan.BUSINESS);
        TestWorkspace b = workspaces.create(Plan.BUSINESS);
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.GET("/api/v1/probe/workspace").bearerAuth(b.apiKey()));
        assertThat(answer.json()).containsEntry("workspace_id", b.workspace().id());
        assertThat(answer.body()).doesNotContain(a.workspace().id());
    }

    @Test
    void theOperatorCannotReachAsKeyThroughBsPath() {
        TestWorkspace a = workspaces.create(Plan.BUSINESS);
        TestWorkspace b = workspaces.create(Plan.BUSINESS);
        String bKeys = "/api/v1/workspaces/" + b.workspace().id() + "/keys/";
        for (var method : List.of("GET", "DELETE")) {
            HttpAnswer asKey = admin(method, bKeys + a.keyId());
            HttpAnswer unknownKey = admin(method, bKeys + UNKNOWN_KEY);
            assertThat(asKey.status()).isEqualTo(404);
            assertThat(asKey.body().replace(a.keyId(), "KEY")).isEqualTo(unknownKey.body().replace(UNKNOWN_KEY, "KEY"));
        }
        HttpAnswer listed = HttpAnswer.send(client, HttpRequest.GET(bKeys).bearerAuth(ADMIN_TOKEN));
        assertThat(listed.body()).contains(b.keyId()).doesNotContain(a.keyId());
        assertUnchanged(a);
    }

    private HttpAnswer admin(String method, String path) {
        MutableHttpRequest<?> request = method.equals("GET") ? HttpRequest.GET(path) : HttpRequest.DELETE(path);
        return HttpAnswer.send(client, request.bearerAuth(ADMIN_TOKEN));
    }

    /** A's key still works, A's workspace and keys are as created. */
    private void assertUnchanged(TestWorkspace a) {
        HttpAnswer probe = HttpAnswer.send(client, HttpRequest.GET("/api/v1/probe/workspace").bearerAuth(a.apiKey()));
        assertThat(probe.status()).isEqualTo(200);
        assertThat(probe.json()).containsEntry("workspace_id", a.workspace().id()).containsEntry("plan", "business");
        HttpAnswer keys = HttpAnswer.send(client, HttpRequest.GET("/api/v1/workspaces/" + a.workspace().id() + "/keys").bearerAuth(ADMIN_TOKEN));
        assertThat(keys.body()).contains(a.keyId()).doesNotContain("stolen").doesNotContain("revoked_at");
    }
}
