package dev.tally.auth;

import dev.tally.support.HttpAnswer;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unknown keys and unknown short links each could cost an engine query; one client address gets a small
 * allowance of such failures (5 here, 60 a minute by default), then 429s for anything that would reach the
 * engine, while keys it has already used keep working from memory.
 */
@MicronautTest
@Property(name = "spec.name", value = "FailedLookupLimitTest")
@Property(name = "tally.auth.failures.limit", value = "5")
@Property(name = "tally.auth.failures.period", value = "1h")
@Property(name = "micronaut.http.client.follow-redirects", value = "false")
class FailedLookupLimitTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    CredentialCache credentials;

    @Test
    void anAddressThatKeepsGuessingKeysIsRefusedBeforeTheEngineIsAsked() {
        TestWorkspace known = workspaces.create(dev.tally.auth.Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        assertThat(count(known.apiKey())).isEqualTo(200);
        int unauthorized = 0;
        for (int i = 0; i < 5; i++) {
            if (count(ApiKeySecret.generate()) == 401) {
                unauthorized++;
            }
        }
        assertThat(unauthorized).isEqualTo(5);

        String sixthGuess = ApiKeySecret.generate();
        HttpAnswer refused = HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics?groupBy=count").bearerAuth(sixthGuess));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.error()).containsEntry("code", "rate_limit_exceeded");
        assertThat(refused.header("Retry-After")).isPresent();
        // The sixth secret was never looked up: nothing about it is cached, found or not.
        assertThat(credentials.resolveCached(sixthGuess)).isEmpty();
        // A known key from the same address is answered from memory and keeps working.
        assertThat(count(known.apiKey())).isEqualTo(200);

        // The redirect shares the allowance: an unknown short link is now a 429 page, not a look-up.
        HttpAnswer redirect = HttpAnswer.send(client, HttpRequest.GET("/nosuchkey1").header("Host", "tly.sh"));
        assertThat(redirect.status()).isEqualTo(429);
        assertThat(redirect.body()).contains("Too many requests");
    }

    @Test
    void anUnknownKeyIsRememberedApartFromKnownOnes() {
        String guess = ApiKeySecret.generate();
        assertThat(credentials.resolveCached(guess)).isEmpty();
        assertThat(credentials.resolve(guess)).isInstanceOf(Credential.Unknown.class);
        // Now answered from memory (no engine query) as unknown.
        assertThat(credentials.resolveCached(guess)).containsInstanceOf(Credential.Unknown.class);
    }

    private int count(String key) {
        return HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics?groupBy=count").bearerAuth(key)).status();
    }
}
