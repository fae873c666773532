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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second Tally instance on the same ClickHouse learns of a revocation (and a plan change) made through
 * the first one within the 5 s bound. The second instance is this test's own {@link CredentialCache}
 * over the shared engine, exactly what another process would run; chDB allows one process per data
 * directory, so a second JVM cannot share the embedded engine.
 */
@MicronautTest
@Property(name = "tally.admin.token", value = RevocationAcrossInstancesTest.ADMIN_TOKEN)
class RevocationAcrossInstancesTest {
    static final String ADMIN_TOKEN = "test-admin-token-revocation";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    TestWorkspaces workspaces;

    @Inject
    ApiKeyRepository keyRepository;

    @Inject
    WorkspaceRepository workspaceRepository;

    @Test
    void aRevocationOnOneInstanceReachesAnotherWithinFiveSeconds() {
        TestWorkspace a = workspaces.create(Plan.FREE, java.time.ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        try (CredentialCache otherInstance = secondInstance()) {
            assertThat(otherInstance.resolve(a.apiKey())).isInstanceOf(Credential.Valid.class);
            // Cached from now on: no ClickHouse round trip per request.
            assertThat(otherInstance.resolveCached(a.apiKey())).containsInstanceOf(Credential.Valid.class);

            long start = System.nanoTime();
            HttpAnswer revoked = HttpAnswer.send(client, HttpRequest.DELETE(
                    "/api/v1/workspaces/" + a.workspace().id() + "/keys/" + a.keyId()).bearerAuth(ADMIN_TOKEN));
            assertThat(revoked.status()).isEqualTo(200);

            Credential seen = Poll.until(Duration.ofSeconds(5), () -> otherInstance.resolve(a.apiKey()),
                    credential -> credential instanceof Credential.Revoked);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("Revocation reached the second instance after " + elapsed.toMillis() + " ms");
            assertThat(seen).isInstanceOf(Credential.Revoked.class);
            assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aPlanChangeOnOneInstanceReachesAnother() {
        TestWorkspace a = workspaces.create(Plan.FREE, java.time.ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        try (CredentialCache otherInstance = secondInstance()) {
            assertThat(plan(otherInstance.resolve(a.apiKey()))).isEqualTo(Plan.FREE);
            HttpAnswer patched = HttpAnswer.send(client, HttpRequest.PATCH("/api/v1/workspaces/" + a.workspace().id(),
                    Map.of("plan", "business")).bearerAuth(ADMIN_TOKEN));
            assertThat(patched.status()).isEqualTo(200);
            Credential seen = Poll.until(Duration.ofSeconds(5), () -> otherInstance.resolve(a.apiKey()),
                    credential -> plan(credential) == Plan.BUSINESS);
            assertThat(plan(seen)).isEqualTo(Plan.BUSINESS);
        }
    }

    @Test
    void aPollKeepsAKeyLoadedAfterItWasIssuedAndDropsItOnlyWhenItChanges() {
        TestWorkspace a = workspaces.create(Plan.FREE, java.time.ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        try (CredentialCache otherInstance = secondInstance()) {
            assertThat(otherInstance.resolve(a.apiKey())).isInstanceOf(Credential.Valid.class);
            // The poll now sees the key's and the workspace's creation, which the cached entries already hold:
            // they stay (before, they were dropped, and the next request went to the engine).
            otherInstance.poll();
            assertThat(otherInstance.resolveCached(a.apiKey())).containsInstanceOf(Credential.Valid.class);

            HttpAnswer revoked = HttpAnswer.send(client, HttpRequest.DELETE(
                    "/api/v1/workspaces/" + a.workspace().id() + "/keys/" + a.keyId()).bearerAuth(ADMIN_TOKEN));
            assertThat(revoked.status()).isEqualTo(200);
            otherInstance.poll();
            assertThat(otherInstance.resolveCached(a.apiKey())).isEmpty();
            assertThat(otherInstance.resolve(a.apiKey())).isInstanceOf(Credential.Revoked.class);
        }
    }

    private CredentialCache secondInstance() {
        return new CredentialCache(keyRepository, workspaceRepository, new AdminConfiguration(null),
                new AuthConfiguration(Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(60)));
    }

    private static Plan plan(Credential credential) {
        return ((Credential.Valid) credential).workspace().plan();
    }
}
