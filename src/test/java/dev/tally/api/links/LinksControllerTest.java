package dev.tally.api.links;

import dev.tally.auth.Plan;
import dev.tally.support.HttpAnswer;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class LinksControllerTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    TestWorkspaces workspaces;

    @Test
    void createReadChangeListAndDelete() {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        HttpAnswer created = send(ws, HttpRequest.POST("/api/v1/links", Map.of("url", "https://example.com/crud",
                "tag_ids", List.of("spring"), "folder_id", "fld_1", "tenant_id", "acme")));
        assertThat(created.status()).isEqualTo(201);
        String id = (String) created.json().get("id");
        String key = (String) created.json().get("key");
        assertThat(id).startsWith("lnk_");
        assertThat(key).matches("[0-9A-Za-z]{7}");
        assertThat(created.json()).containsEntry("domain", "tly.sh").containsEntry("short_link", "https://tly.sh/" + key)
                .containsEntry("folder_id", "fld_1").containsEntry("title", "");

        assertThat(send(ws, HttpRequest.GET("/api/v1/links/" + id)).json()).isEqualTo(created.json());

        HttpAnswer patched = send(ws, HttpRequest.PATCH("/api/v1/links/" + id, Map.of("tag_ids", List.of("summer"), "title", "Sale")));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json()).containsEntry("tag_ids", List.of("summer")).containsEntry("title", "Sale")
                .containsEntry("tenant_id", "acme");

        HttpAnswer listed = send(ws, HttpRequest.GET("/api/v1/links?tag_id=summer&folder_id=fld_1&tenant_id=acme&domain=tly.sh&search=CRUD"));
        assertThat(field(listed, "links", "id")).containsExactly(id);
        assertThat(listed.json()).containsEntry("page", 1).containsEntry("page_size", 100).containsEntry("has_more", false);
        assertThat(field(send(ws, HttpRequest.GET("/api/v1/links?tag_id=spring")), "links", "id")).isEmpty();

        assertThat(send(ws, HttpRequest.DELETE("/api/v1/links/" + id)).status()).isEqualTo(204);
        assertThat(send(ws, HttpRequest.GET("/api/v1/links/" + id)).status()).isEqualTo(404);
    }

    @Test
    void aTakenKeyIsA409() {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        TestWorkspace other = workspaces.create(Plan.PRO);
        String key = "taken" + System.nanoTime();
        assertThat(send(ws, HttpRequest.POST("/api/v1/links", Map.of("url", "https://example.com/a", "key", key))).status()).isEqualTo(201);
        HttpAnswer conflict = send(other, HttpRequest.POST("/api/v1/links", Map.of("url", "https://example.com/b", "key", key)));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(error(conflict)).containsEntry("code", "key_conflict")
                .containsEntry("message", "the key '" + key + "' is already in use on tly.sh");
    }

    @Test
    void anotherWorkspacesLinkAnswersExactlyLikeAnUnknownOne() {
        TestWorkspace owner = workspaces.create(Plan.PRO);
        TestWorkspace stranger = workspaces.create(Plan.PRO);
        String id = (String) send(owner, HttpRequest.POST("/api/v1/links", Map.of("url", "https://example.com/own"))).json().get("id");
        String unknown = "lnk_" + "0".repeat(24);
        for (String method : List.of("GET", "PATCH", "DELETE")) {
            HttpAnswer foreign = send(stranger, request(method, "/api/v1/links/" + id));
            HttpAnswer missing = send(stranger, request(method, "/api/v1/links/" + unknown));
            assertThat(foreign.status()).as(method).isEqualTo(404);
            assertThat(foreign.body().replace(id, "ID")).as(method).isEqualTo(missing.body().replace(unknown, "ID"));
        }
        assertThat(send(owner, HttpRequest.GET("/api/v1/links/" + id)).status()).isEqualTo(200);
    }

    @Test
    void badInputIsAPrecise400() {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        HttpAnswer noUrl = send(ws, HttpRequest.POST("/api/v1/links", Map.of("title", "x")));
        assertThat(noUrl.status()).isEqualTo(400);
        assertThat(error(noUrl)).containsEntry("message", "url is required");
        HttpAnswer unknownParameter = send(ws, HttpRequest.GET("/api/v1/links?colour=red"));
        assertThat(unknownParameter.status()).isEqualTo(400);
        assertThat(error(unknownParameter)).containsEntry("message",
                "unknown parameter 'colour'; known: domain, tag_id, folder_id, tenant_id, search, page, page_size");
        assertThat(send(ws, HttpRequest.GET("/api/v1/links?page_size=101")).status()).isEqualTo(400);
    }

    @Test
    void aKeyOfOneOfTallysOwnPagesIsRefused() {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        HttpAnswer refused = send(ws, HttpRequest.POST("/api/v1/links", Map.of("url", "https://example.com/a", "key", "Dashboard")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(error(refused)).containsEntry("message", "the key 'Dashboard' is reserved: Tally serves its own /dashboard"
                + " path on every host, so the link would never redirect; choose another key");
        String id = (String) send(ws, HttpRequest.POST("/api/v1/links", Map.of("url", "https://example.com/b"))).json().get("id");
        assertThat(send(ws, HttpRequest.PATCH("/api/v1/links/" + id, Map.of("key", "metrics"))).status()).isEqualTo(400);
    }

    private static HttpRequest<?> request(String method, String path) {
        return switch (method) {
            case "GET" -> HttpRequest.GET(path);
            case "PATCH" -> HttpRequest.PATCH(path, Map.of("title", "x"));
            case "DELETE" -> HttpRequest.DELETE(path);
            default -> throw new IllegalArgumentException(method);
        };
    }

    private HttpAnswer send(TestWorkspace ws, HttpRequest<?> request) {
        return HttpAnswer.send(client, ((io.micronaut.http.MutableHttpRequest<?>) request).bearerAuth(ws.apiKey()));
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
