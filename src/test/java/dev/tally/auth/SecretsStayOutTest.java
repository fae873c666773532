package dev.tally.auth;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tally.support.HttpAnswer;
import dev.tally.support.Poll;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key's secret (and the admin token) appear in the answer that creates the key and nowhere after: not
 * in any later answer, and not in any log line, with Tally's and Micronaut's loggers at DEBUG.
 */
@MicronautTest
@Property(name = "spec.name", value = "AuthenticationTest")
@Property(name = "tally.admin.token", value = SecretsStayOutTest.ADMIN_TOKEN)
@Property(name = "logger.levels.io.micronaut", value = "DEBUG")
@Property(name = "logger.levels.dev.tally", value = "DEBUG")
class SecretsStayOutTest {
    static final String ADMIN_TOKEN = "test-admin-token-secrets-stay-out";

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void theSecretIsShownOnceAndNeverLogged() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            String workspaceId = (String) admin(HttpRequest.POST("/api/v1/workspaces", Map.of("name", "secrets"))).json().get("id");
            String keys = "/api/v1/workspaces/" + workspaceId + "/keys";
            Map<String, Object> created = admin(HttpRequest.POST(keys, Map.of("name", "k", "scopes", List.of("analytics:read")))).json();
            String secret = (String) created.get("key");
            String keyId = (String) created.get("id");
            String hash = ApiKeySecret.hash(secret);

            List<HttpAnswer> later = new ArrayList<>();
            later.add(HttpAnswer.send(client, HttpRequest.GET("/api/v1/probe/workspace").bearerAuth(secret)));
            later.add(HttpAnswer.send(client, HttpRequest.GET("/api/v1/probe/business").bearerAuth(secret)));
            later.add(HttpAnswer.send(client, HttpRequest.POST("/api/v1/probe/links", Map.of()).bearerAuth(secret)));
            later.add(admin(HttpRequest.GET(keys)));
            later.add(admin(HttpRequest.GET(keys + "/" + keyId)));
            later.add(admin(HttpRequest.DELETE(keys + "/" + keyId)));
            later.add(Poll.until(Duration.ofSeconds(5),
                    () -> HttpAnswer.send(client, HttpRequest.GET("/api/v1/probe/workspace").bearerAuth(secret)),
                    answer -> answer.status() == 401));
            for (HttpAnswer answer : later) {
                assertThat(answer.body()).doesNotContain(secret).doesNotContain(hash).doesNotContain(ADMIN_TOKEN);
                assertThat(answer.response().getHeaders().asMap().toString()).doesNotContain(secret).doesNotContain(ADMIN_TOKEN);
            }

            // Tricky: background threads (view catch-up, repairs) keep logging; logback appends under the appender's
            // lock, so a copy taken under it is a consistent snapshot to iterate.
            List<ILoggingEvent> logged;
            synchronized (logs) {
                logged = new ArrayList<>(logs.list);
            }
            assertThat(logged).isNotEmpty();
            for (ILoggingEvent event : logged) {
                // The access log's fields (key-value pairs) and the MDC are part of the line too (docs/adr/0117).
                String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage())
                        + (event.getKeyValuePairs() == null ? "" : event.getKeyValuePairs().toString()) + event.getMDCPropertyMap();
                assertThat(line).doesNotContain(secret).doesNotContain(secret.substring("tly_live_".length()))
                        .doesNotContain(ADMIN_TOKEN).doesNotContain(hash);
                if (event.getLoggerName().equals("tally.access")) {
                    assertThat(line).doesNotContain("127.0.0.1");
                }
            }
            assertThat(logged).as("one access line per request").filteredOn(event -> event.getLoggerName().equals("tally.access"))
                    .hasSizeGreaterThanOrEqualTo(later.size() + 2);
        } finally {
            root.detachAppender(logs);
            // The levels set for this context are global to logback: hand the JVM's next tests their defaults back.
            ((Logger) LoggerFactory.getLogger("io.micronaut")).setLevel(null);
            ((Logger) LoggerFactory.getLogger("dev.tally")).setLevel(null);
        }
    }

    private HttpAnswer admin(MutableHttpRequest<?> request) {
        return HttpAnswer.send(client, request.bearerAuth(ADMIN_TOKEN));
    }
}
