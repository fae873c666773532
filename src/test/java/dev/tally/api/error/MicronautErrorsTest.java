package dev.tally.api.error;

import dev.tally.support.HttpAnswer;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Micronaut's own error answers (no route, bad JSON, wrong method) come in the surface's format, never as 500. */
@MicronautTest
@Property(name = "tally.admin.token", value = MicronautErrorsTest.ADMIN_TOKEN)
@Property(name = "spec.name", value = "MicronautErrorsTest")
class MicronautErrorsTest {
    static final String ADMIN_TOKEN = "test-admin-token-micronaut-errors";

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void anUnknownPathIsANative404() {
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.GET("/api/v1/nothing-here"));
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.error()).containsEntry("code", "not_found").containsEntry("message", "Not found: GET /api/v1/nothing-here.")
                .containsKey("doc_url");
    }

    @Test
    void anUnknownPathUnderTheClickLogSurfaceAnswersInItsEnvelope() {
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.GET("/v1/nothing-here"));
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json()).containsEntry("success", false).containsEntry("status_code", 404).containsEntry("data", null);
    }

    @Test
    void malformedJsonIsA400() {
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.POST("/api/v1/workspaces", "{\"name\": ")
                .contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(ADMIN_TOKEN));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).containsEntry("code", "bad_request");
    }

    @Test
    void aJsonArrayWhereAnObjectBelongsIsA400() {
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.POST("/api/v1/workspaces", "[1]")
                .contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(ADMIN_TOKEN));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).containsEntry("code", "bad_request");
    }

    @Test
    void aBugIsA500ThatKeepsItsDetailsToTheLog() {
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.GET("/api/v1/probe/bug"));
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.error()).containsEntry("code", "internal_server_error").containsEntry("message", "Internal server error.");
        assertThat(answer.body()).doesNotContain("api_keys");
    }

    @Test
    void aWrongMethodIsA405() {
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.PUT("/api/v1/workspaces/ws_x", "{}").bearerAuth(ADMIN_TOKEN));
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.error()).containsEntry("code", "method_not_allowed");
    }

    @Test
    void theFrameworksTokenIntrospectionEndpointIsNotOffered() {
        // Found by the fuzzer: Micronaut Security's /token_info answered 500 to a Tally key.
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.GET("/token_info").bearerAuth(ADMIN_TOKEN));
        // The path is now just an unknown short link's.
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body()).contains("Link not found");
    }

    @Test
    void aValueOfTheWrongTypeIsA400InTheApisWordsNotTheBindersJavaTypes() {
        // Found by the fuzzer: "Cannot deserialize value of type `java.lang.Integer` …".
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.POST("/api/v1/workspaces", "{\"name\": {\"a\": 1}}")
                .contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(ADMIN_TOKEN));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).doesNotContain("java.").doesNotContain("deserialize").doesNotContain("StreamReadFeature");
    }
}
