package dev.tally.api.admin;

import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.sql.Param;
import dev.tally.sql.Parameters;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
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

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator's admin API over real HTTP, against the real embedded engine. */
@MicronautTest
@Property(name = "tally.admin.token", value = AdminApiTest.ADMIN_TOKEN)
class AdminApiTest {
    static final String ADMIN_TOKEN = "test-admin-token-admin-api";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ClickHouse clickHouse;

    @Inject
    TestWorkspaces workspaces;

    @Test
    void createsReadsAndPatchesAWorkspace() {
        HttpAnswer created = admin(HttpRequest.POST("/api/v1/workspaces",
                Map.of("name", "Acme", "organization_id", "org_acme", "plan", "business", "time_zone", "America/New_York")));
        assertThat(created.status()).isEqualTo(201);
        Map<String, Object> workspace = created.json();
        String id = (String) workspace.get("id");
        assertThat(id).matches("ws_[0-9a-f]{24}");
        assertThat(workspace).containsEntry("name", "Acme").containsEntry("organization_id", "org_acme")
                .containsEntry("plan", "business").containsEntry("time_zone", "America/New_York");

        // Stored in ClickHouse, read back independently of the API.
        Parameters parameters = new Parameters();
        var row = clickHouse.query(Sql.of("SELECT name, plan, time_zone FROM workspaces FINAL WHERE id = "
                + parameters.bind(Param.string(id)), parameters)).single();
        assertThat(List.of(row.string("name"), row.string("plan"), row.string("time_zone")))
                .containsExactly("Acme", "business", "America/New_York");

        assertThat(admin(HttpRequest.GET("/api/v1/workspaces/" + id)).json()).isEqualTo(workspace);

        HttpAnswer patched = admin(HttpRequest.PATCH("/api/v1/workspaces/" + id, Map.of("plan", "enterprise", "time_zone", "Asia/Kolkata")));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json()).containsEntry("plan", "enterprise").containsEntry("time_zone", "Asia/Kolkata")
                .containsEntry("name", "Acme").containsEntry("created_at", workspace.get("created_at"));
        assertThat(admin(HttpRequest.GET("/api/v1/workspaces/" + id)).json()).containsEntry("plan", "enterprise");
    }

    @Test
    void defaultsToFreeInUtcWithANewOrganization() {
        Map<String, Object> workspace = admin(HttpRequest.POST("/api/v1/workspaces", Map.of("name", "Plain"))).json();
        assertThat(workspace).containsEntry("plan", "free").containsEntry("time_zone", "UTC");
        assertThat((String) workspace.get("organization_id")).matches("org_[0-9a-f]{24}");
    }

    @Test
    void issuesListsAndRevokesKeysShowingTheSecretOnlyOnce() {
        TestWorkspace a = workspaces.create(Plan.FREE);
        String base = "/api/v1/workspaces/" + a.workspace().id() + "/keys";
        HttpAnswer issued = admin(HttpRequest.POST(base, Map.of("name", "ci", "scopes", List.of("analytics:read", "events:write"))));
        assertThat(issued.status()).isEqualTo(201);
        Map<String, Object> key = issued.json();
        String secret = (String) key.get("key");
        assertThat(secret).matches("tly_live_[A-Za-z0-9_-]{43}");
        assertThat(key).containsEntry("name", "ci").containsEntry("workspace_id", a.workspace().id())
                .containsEntry("scopes", List.of("analytics:read", "events:write")).doesNotContainKey("revoked_at");

        // Only the SHA-256 is stored.
        Parameters parameters = new Parameters();
        String stored = clickHouse.query(Sql.of("SELECT key_hash FROM api_keys FINAL WHERE id = "
                + parameters.bind(Param.string((String) key.get("id"))), parameters)).single().string("key_hash");
        assertThat(stored).isEqualTo(sha256(secret));

        HttpAnswer listed = admin(HttpRequest.GET(base));
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(secret).doesNotContain(stored).doesNotContain("\"key\"");
        assertThat(listed.body()).contains((String) key.get("id"), a.keyId());

        HttpAnswer revoked = admin(HttpRequest.DELETE(base + "/" + key.get("id")));
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json()).containsKey("revoked_at").doesNotContainKey("key");
        assertThat(revoked.body()).doesNotContain(secret);
        HttpAnswer again = admin(HttpRequest.DELETE(base + "/" + key.get("id")));
        assertThat(again.json().get("revoked_at")).isEqualTo(revoked.json().get("revoked_at"));
        assertThat(admin(HttpRequest.GET(base + "/" + key.get("id"))).json()).containsKey("revoked_at");
    }

    @Test
    void withoutTheAdminTokenTheAdminApiIs401() {
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.POST("/api/v1/workspaces", Map.of("name", "x")));
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.error()).containsEntry("code", "unauthorized");
    }

    @Test
    void aWrongAdminTokenIs401() {
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.POST("/api/v1/workspaces", Map.of("name", "x"))
                .bearerAuth(ADMIN_TOKEN + "x"));
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.error()).containsEntry("code", "unauthorized").containsEntry("message",
                "Malformed API key: Tally API keys start with tly_live_.");
    }

    @Test
    void aWorkspaceKeyIsNoAdminToken() {
        TestWorkspace a = workspaces.create(Plan.ENTERPRISE);
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.GET("/api/v1/workspaces/" + a.workspace().id()).bearerAuth(a.apiKey()));
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.error()).containsEntry("code", "forbidden").containsEntry("message", "This endpoint needs the admin token.");
    }

    @Test
    void unknownWorkspacesAndKeysAre404() {
        HttpAnswer workspace = admin(HttpRequest.GET("/api/v1/workspaces/ws_000000000000000000000000"));
        assertThat(workspace.status()).isEqualTo(404);
        assertThat(workspace.error()).containsEntry("code", "not_found")
                .containsEntry("message", "Workspace ws_000000000000000000000000 not found.");
        TestWorkspace a = workspaces.create(Plan.FREE);
        HttpAnswer key = admin(HttpRequest.DELETE("/api/v1/workspaces/" + a.workspace().id() + "/keys/key_nope"));
        assertThat(key.status()).isEqualTo(404);
        assertThat(key.error()).containsEntry("message", "API key key_nope not found in this workspace.");
        assertThat(admin(HttpRequest.PATCH("/api/v1/workspaces/ws_nope", Map.of("name", "x"))).status()).isEqualTo(404);
        assertThat(admin(HttpRequest.POST("/api/v1/workspaces/ws_nope/keys", Map.of("name", "x", "scopes", List.of("links:write"))))
                .status()).isEqualTo(404);
    }

    static Stream<Object[]> badInput() {
        return Stream.of(
                new Object[]{HttpRequest.POST("/api/v1/workspaces", Map.of("plan", "pro")), "name is required."},
                new Object[]{HttpRequest.POST("/api/v1/workspaces", Map.of("name", "x", "plan", "gold")),
                        "plan must be one of free, pro, business, enterprise; got 'gold'."},
                new Object[]{HttpRequest.POST("/api/v1/workspaces", Map.of("name", "x", "time_zone", "Mars/Base")),
                        "time_zone must be an IANA time zone such as Europe/Berlin; got 'Mars/Base'."},
                new Object[]{HttpRequest.POST("/api/v1/workspaces", Map.of("name", "x", "time_zone", "+02:00")),
                        "time_zone must be an IANA time zone such as Europe/Berlin; got '+02:00'."},
                new Object[]{HttpRequest.POST("/api/v1/workspaces", Map.of("name", "x".repeat(201))),
                        "name must be at most 200 characters; got 201."});
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void badWorkspaceInputIsAPrecise400(MutableHttpRequest<?> request, String message) {
        HttpAnswer answer = admin(request);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).containsEntry("code", "bad_request").containsEntry("message", message);
    }

    @Test
    void badKeyInputIsAPrecise400() {
        TestWorkspace a = workspaces.create(Plan.FREE, ZoneId.of("UTC"), Scope.LINKS_WRITE);
        String base = "/api/v1/workspaces/" + a.workspace().id() + "/keys";
        assertThat(admin(HttpRequest.POST(base, Map.of("name", "k"))).error()).containsEntry("message",
                "scopes must be a non-empty list of analytics:read, events:write, links:write, bi:read.");
        assertThat(admin(HttpRequest.POST(base, Map.of("name", "k", "scopes", List.of("read")))).error()).containsEntry("message",
                "scopes: unknown scope 'read'; known scopes are analytics:read, events:write, links:write, bi:read.");
        assertThat(admin(HttpRequest.PATCH("/api/v1/workspaces/" + a.workspace().id(), Map.of())).error()).containsEntry("message",
                "Nothing to update: give name, plan or time_zone.");
    }

    private HttpAnswer admin(MutableHttpRequest<?> request) {
        return HttpAnswer.send(client, request.bearerAuth(ADMIN_TOKEN));
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
