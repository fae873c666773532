package dev.tally.auth;

import dev.tally.support.HttpAnswer;
import dev.tally.support.Poll;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** 401 and 403 over real HTTP: every way a credential can be missing, wrong, revoked or insufficient. */
@MicronautTest
@Property(name = "spec.name", value = "AuthenticationTest")
@Property(name = "tally.admin.token", value = AuthenticationTest.ADMIN_TOKEN)
class AuthenticationTest {
    static final String ADMIN_TOKEN = "test-admin-token-authentication";
    private static final String PROBE = "/api/v1/probe/workspace";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    TestWorkspaces workspaces;

    @Test
    void aValidKeyBindsItsOwnWorkspace() {
        TestWorkspace a = workspaces.create(Plan.PRO, ZoneId.of("Europe/Berlin"), Scope.ANALYTICS_READ);
        HttpAnswer answer = get(PROBE, "Bearer " + a.apiKey());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("workspace_id", a.workspace().id())
                .containsEntry("plan", "pro").containsEntry("time_zone", "Europe/Berlin");
    }

    @Test
    void noKeyIs401() {
        HttpAnswer answer = send(HttpRequest.GET(PROBE));
        assertUnauthorized(answer, "Missing API key: send it as 'Authorization: Bearer <API key>'.");
    }

    @Test
    void aHeaderThatIsNotBearerIs401() {
        assertUnauthorized(get(PROBE, "Basic dXNlcjpwYXNz"), "Malformed Authorization header: expected 'Bearer <API key>'.");
        assertUnauthorized(get(PROBE, "Bearer"), "Malformed Authorization header: expected 'Bearer <API key>'.");
    }

    @Test
    void aTokenThatIsNotATallyKeyIs401() {
        assertUnauthorized(get(PROBE, "Bearer sk_live_abc123"), "Malformed API key: Tally API keys start with tly_live_.");
        assertUnauthorized(get(PROBE, "Bearer tly_live_short"), "Malformed API key: Tally API keys start with tly_live_.");
    }

    @Test
    void anUnknownKeyIs401() {
        String unknown = ApiKeySecret.generate();
        assertUnauthorized(get(PROBE, "Bearer " + unknown), "Unknown API key.");
    }

    @Test
    void aRevokedKeyIs401WithinFiveSeconds() {
        TestWorkspace a = workspaces.create(Plan.FREE, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        assertThat(get(PROBE, "Bearer " + a.apiKey()).status()).isEqualTo(200);

        long start = System.nanoTime();
        HttpAnswer revoke = send(HttpRequest.DELETE("/api/v1/workspaces/" + a.workspace().id() + "/keys/" + a.keyId())
                .bearerAuth(ADMIN_TOKEN));
        assertThat(revoke.status()).isEqualTo(200);
        assertThat(revoke.json()).containsKey("revoked_at");

        HttpAnswer answer = Poll.until(Duration.ofSeconds(5), () -> get(PROBE, "Bearer " + a.apiKey()), r -> r.status() == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertUnauthorized(answer, "This API key has been revoked.");
    }

    @Test
    void aKeyWithoutTheRouteScopeIs403() {
        TestWorkspace a = workspaces.create(Plan.ENTERPRISE, ZoneId.of("UTC"), Scope.EVENTS_WRITE, Scope.LINKS_WRITE);
        HttpAnswer answer = get(PROBE, "Bearer " + a.apiKey());
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.error()).containsEntry("code", "forbidden")
                .containsEntry("message", "This API key lacks the scope this endpoint needs: analytics:read.");
    }

    @Test
    void aPlanBelowTheRoutePlanIs403AndTheRightPlanPasses() {
        TestWorkspace pro = workspaces.create(Plan.PRO, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        HttpAnswer refused = get("/api/v1/probe/business", "Bearer " + pro.apiKey());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).containsEntry("code", "forbidden")
                .containsEntry("message", "This endpoint needs the business plan or higher; this workspace is on the pro plan.");

        TestWorkspace business = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        assertThat(get("/api/v1/probe/business", "Bearer " + business.apiKey()).status()).isEqualTo(200);
        TestWorkspace enterprise = workspaces.create(Plan.ENTERPRISE, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        assertThat(get("/api/v1/probe/business", "Bearer " + enterprise.apiKey()).status()).isEqualTo(200);
    }

    @Test
    void anUpgradedPlanTakesEffectWithoutRestart() {
        TestWorkspace a = workspaces.create(Plan.FREE, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        assertThat(get("/api/v1/probe/business", "Bearer " + a.apiKey()).status()).isEqualTo(403);
        HttpAnswer patched = send(HttpRequest.PATCH("/api/v1/workspaces/" + a.workspace().id(), Map.of("plan", "business"))
                .bearerAuth(ADMIN_TOKEN));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(get("/api/v1/probe/business", "Bearer " + a.apiKey()).status()).isEqualTo(200);
    }

    @Test
    void theAdminTokenIsNoWorkspaceKey() {
        HttpAnswer answer = get(PROBE, "Bearer " + ADMIN_TOKEN);
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.error()).containsEntry("message",
                "This endpoint needs a workspace API key; the admin token acts for no workspace.");
    }

    @Test
    void aRouteWithoutSecuredIsDeniedEvenToAFullKey() {
        TestWorkspace a = workspaces.create(Plan.ENTERPRISE);
        HttpAnswer answer = get("/api/v1/probe/unsecured", "Bearer " + a.apiKey());
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.error()).containsEntry("message", "This endpoint is not open to API keys.");
        assertThat(send(HttpRequest.GET("/api/v1/probe/unsecured")).status()).isEqualTo(401);
    }

    @Test
    void anonymousRoutesNeedNoKeyAndIgnoreABadOne() {
        assertThat(send(HttpRequest.GET("/health")).status()).isEqualTo(200);
        assertThat(get("/probe/anonymous", "Bearer tly_live_nonsense").status()).isEqualTo(200);
    }

    @Test
    void aBodyNamingAnotherWorkspaceIsRefused() {
        TestWorkspace a = workspaces.create(Plan.FREE, ZoneId.of("UTC"), Scope.LINKS_WRITE);
        HttpAnswer own = send(HttpRequest.POST("/api/v1/probe/links", Map.of("workspace_id", a.workspace().id())).bearerAuth(a.apiKey()));
        assertThat(own.status()).isEqualTo(200);
        HttpAnswer other = send(HttpRequest.POST("/api/v1/probe/links", Map.of("workspace_id", "ws_someoneelse")).bearerAuth(a.apiKey()));
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.error()).containsEntry("message", "workspace_id must be the API key's own workspace ("
                + a.workspace().id() + "); a key cannot act for another workspace.");
    }

    private HttpAnswer get(String path, String authorization) {
        return send(HttpRequest.GET(path).header("Authorization", authorization));
    }

    private HttpAnswer send(HttpRequest<?> request) {
        return HttpAnswer.send(client, request);
    }

    private static void assertUnauthorized(HttpAnswer answer, String message) {
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate")).contains("Bearer");
        assertThat(answer.error()).containsEntry("code", "unauthorized").containsEntry("message", message)
                .containsEntry("doc_url", "https://github.com/tally-dev/tally/blob/main/README.md#errors-unauthorized");
    }
}
