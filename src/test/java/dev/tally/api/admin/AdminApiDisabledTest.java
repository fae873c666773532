package dev.tally.api.admin;

import dev.tally.support.HttpAnswer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Without {@code TALLY_ADMIN_TOKEN} there is no admin API: its paths do not exist. */
@MicronautTest
class AdminApiDisabledTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void theAdminApiDoesNotExistWithoutAToken() {
        HttpAnswer create = HttpAnswer.send(client, HttpRequest.POST("/api/v1/workspaces", Map.of("name", "x")).bearerAuth("anything"));
        assertThat(create.status()).isEqualTo(404);
        assertThat(create.error()).containsEntry("code", "not_found");
        HttpAnswer keys = HttpAnswer.send(client, HttpRequest.GET("/api/v1/workspaces/ws_x/keys").bearerAuth("anything"));
        assertThat(keys.status()).isEqualTo(404);
    }
}
