package dev.tally.api.health;

import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class HealthControllerTest {
    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ClickHouse clickHouse;

    @Test
    void answersUpWithTheEngineAndItsVersionWithoutAKey() {
        HttpResponse<Map<String, Object>> response = client.toBlocking()
                .exchange(HttpRequest.GET("/health"), io.micronaut.core.type.Argument.mapOf(String.class, Object.class));
        String version = clickHouse.query(Sql.of("SELECT version() AS v")).single().string("v");
        assertThat(response.code()).isEqualTo(200);
        assertThat(response.body()).containsEntry("status", "up").containsEntry("engine", "embedded").containsEntry("version", version);
    }
}
