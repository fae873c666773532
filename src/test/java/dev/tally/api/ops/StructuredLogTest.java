package dev.tally.api.ops;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.support.HttpAnswer;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code TALLY_LOG_FORMAT=json} (Tally's own logback.xml, reconfigured in this JVM and its console captured)
 * every line is a JSON object; each request writes one {@code tally.access} line with route, status, latency,
 * workspace id, source and table and its request id, never the key or the client's address. The request id is
 * the caller's when sane, echoed as {@code X-Request-Id}, and in native error bodies; seed error bodies keep their
 * exact shape.
 */
@MicronautTest
class StructuredLogTest {
    private static final JsonMapper JSON = JsonMapper.createDefault();

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    TestWorkspaces workspaces;

    @Test
    void jsonLinesCarryTheAccessFieldsAndTheRequestIdButNoSecret() {
        TestWorkspace ws = workspaces.create(Plan.PRO, ZoneOffset.UTC, Scope.ANALYTICS_READ);
        List<String> lines;
        HttpAnswer analytics;
        HttpAnswer nativeError;
        HttpAnswer seedError;
        HttpAnswer insane;
        HttpAnswer unknownKey;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream console = System.out;
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        try {
            System.setOut(new PrintStream(new Tee(console, captured), true, StandardCharsets.UTF_8));
            configure(logback, "json");
            analytics = HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics?groupBy=count&interval=all")
                    .bearerAuth(ws.apiKey()).header("X-Request-Id", "ops-log-1"));
            nativeError = HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics?groupBy=nope")
                    .bearerAuth(ws.apiKey()).header("X-Request-Id", "ops-log-2"));
            seedError = HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics/clicks?interval=2d")
                    .bearerAuth(ws.apiKey()).header("X-Request-Id", "ops-log-3"));
            insane = HttpAnswer.send(client, HttpRequest.GET("/health").header("X-Request-Id", "forged\" \"status\":200"));
            unknownKey = HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics").bearerAuth("tly_live_unknownunknownunknown")
                    .header("X-Forwarded-For", "203.0.113.77"));
        } finally {
            configure(logback, null);
            System.setOut(console);
        }
        lines = captured.toString(StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();

        assertThat(analytics.status()).isEqualTo(200);
        assertThat(analytics.header("X-Request-Id")).contains("ops-log-1");
        assertThat(nativeError.status()).isEqualTo(400);
        assertThat(nativeError.header("X-Request-Id")).contains("ops-log-2");
        assertThat(nativeError.error()).containsEntry("request_id", "ops-log-2");
        assertThat(seedError.status()).isEqualTo(400);
        assertThat(seedError.header("X-Request-Id")).contains("ops-log-3");
        assertThat(seedError.error()).containsOnlyKeys("code", "message");
        String generated = insane.header("X-Request-Id").orElseThrow();
        assertThat(generated).matches("[0-9a-f-]{36}");
        assertThat(unknownKey.status()).isEqualTo(401);
        assertThat(unknownKey.header("X-Request-Id")).isPresent();
        // A generated id stays out of the body: a foreign id's answer must equal an unknown one's byte for byte.
        assertThat(unknownKey.error()).containsKey("code").doesNotContainKey("request_id");

        List<Map<String, Object>> access = new ArrayList<>();
        for (String line : lines) {
            Map<String, Object> object = parse(line);
            assertThat(object).containsKeys("timestamp", "level", "loggerName", "formattedMessage");
            assertThat(line).doesNotContain(ws.apiKey()).doesNotContain("unknownunknownunknown")
                    .doesNotContain("203.0.113.77").doesNotContain("127.0.0.1");
            if ("tally.access".equals(object.get("loggerName"))) {
                Map<String, Object> fields = fields(object);
                // The request id reaches the MDC through Micronaut's propagated context, as for any line the request causes.
                assertThat(object.get("mdc")).isEqualTo(Map.of("request_id", fields.get("request_id")));
                access.add(fields);
            }
        }
        Map<String, Object> ok = byRequestId(access, "ops-log-1");
        assertThat(ok).containsEntry("method", "GET").containsEntry("route", "/api/v1/analytics").containsEntry("status", "200")
                .containsEntry("workspace_id", ws.workspace().id())
                .containsEntry("source", analytics.header("X-Tally-Source").orElseThrow())
                .containsEntry("table", analytics.header("X-Tally-Table").orElseThrow());
        assertThat(Double.parseDouble(String.valueOf(ok.get("latency_ms")))).isPositive();
        assertThat(byRequestId(access, "ops-log-2")).containsEntry("status", "400");
        assertThat(byRequestId(access, "ops-log-3")).containsEntry("route", "/api/v1/analytics/clicks").containsEntry("source", "-");
        assertThat(byRequestId(access, generated)).containsEntry("route", "/health");
        assertThat(access).anySatisfy(line -> assertThat(line).containsEntry("status", "401").containsEntry("workspace_id", "-"));
    }

    private static Map<String, Object> byRequestId(List<Map<String, Object>> access, String id) {
        return access.stream().filter(line -> id.equals(line.get("request_id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no access line with request_id " + id + " in " + access));
    }

    /** An access line's key-value pairs (Logback's JsonEncoder writes them as a list of one-entry objects), values as text. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Map<String, Object> line) {
        Map<String, Object> fields = new LinkedHashMap<>();
        Object pairs = line.get("kvpList");
        if (pairs instanceof List<?> list) {
            list.forEach(pair -> ((Map<String, Object>) pair).forEach((k, v) -> fields.put(k, String.valueOf(v))));
        } else if (pairs instanceof Map<?, ?> map) {
            map.forEach((k, v) -> fields.put(String.valueOf(k), String.valueOf(v)));
        }
        return fields;
    }

    private static Map<String, Object> parse(String line) {
        try {
            return JSON.readValue(line, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    /** Tally's logback.xml with {@code TALLY_LOG_FORMAT} set to {@code format} (null: unset, the default). */
    private static void configure(LoggerContext logback, String format) {
        logback.reset();
        if (format != null) {
            logback.putProperty("TALLY_LOG_FORMAT", format);
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logback);
        try {
            configurator.doConfigure(Objects.requireNonNull(StructuredLogTest.class.getClassLoader().getResource("logback.xml")));
        } catch (JoranException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes to the real console and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final OutputStream capture;

        Tee(OutputStream console, OutputStream capture) {
            this.console = console;
            this.capture = capture;
        }

        @Override
        public synchronized void write(int b) {
            try {
                console.write(b);
                capture.write(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            try {
                console.write(b, off, len);
                capture.write(b, off, len);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
