package dev.tally.api.ingest;

import dev.tally.auth.Plan;
import dev.tally.store.ClickHouse;
import dev.tally.support.EventRows;
import dev.tally.support.HttpAnswer;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, defects 6 (ingest parts), 9 and 11: input that used to be coerced, fail a whole batch or answer
 * 500 is one rejected line or a clear 4xx in the ingest surface's format, and good lines are kept.
 */
// The first ingest request of a JVM builds the user-agent rule set, which can take over the default 10 s here.
@MicronautTest
@Property(name = "micronaut.http.client.read-timeout", value = "60s")
class IngestInputTest {
    private static final String NDJSON = "application/x-ndjson";
    private static final String GOOD = "{\"event\":\"view\",\"page_id\":\"p1\"}";

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    EmbeddedServer server;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    ClickHouse clickHouse;

    @Test
    void aNonIntegerAmountIsARejectedLineNeverCoerced() {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        String body = GOOD + "\n"
                + view("\"amount\":12.9") + "\n"
                + view("\"amount\":true") + "\n"
                + view("\"amount\":\"12\"") + "\n"
                + view("\"amount\":1e3") + "\n"
                + view("\"amount\":99999999999999999999") + "\n"
                + view("\"amount\":12") + "\n";
        HttpAnswer answer = batch(ws, body);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("accepted", 2).containsEntry("rejected_count", 5);
        assertThat(rejected(answer, "line")).containsExactly(2, 3, 4, 5, 6);
        assertThat(rejected(answer, "code")).containsOnly("invalid_field");
        assertThat(rejected(answer, "reason")).containsOnly(
                "amount must be a whole number of minor units (e.g. 1999 for 19.99), at most 9223372036854775807");
        assertThat(EventRows.count(clickHouse, ws.workspace().id())).isEqualTo(2);
    }

    @Test
    void metadataNestedDeeperThanTheParserAllowsIsOneRejectedLine() {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        String deep = "{\"a\":".repeat(70) + "1" + "}".repeat(70);
        HttpAnswer answer = batch(ws, GOOD + "\n" + view("\"metadata\":" + deep) + "\n" + GOOD + "\n");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("accepted", 2).containsEntry("rejected_count", 1);
        assertThat(rejected(answer, "line")).containsExactly(2);
        assertThat(EventRows.count(clickHouse, ws.workspace().id())).isEqualTo(2);
    }

    @Test
    void aLoneSurrogateInAnyTextFieldIsRejectedAtTheDoor() {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        String body = GOOD + "\n"
                + view("\"user_agent\":\"\\udfff\"") + "\n"
                + view("\"city\":\"a\\ud800b\"") + "\n"
                + view("\"metadata\":{\"k\":\"\\udfff\"}") + "\n"
                + view("\"metadata\":{\"\\ud800\":1}") + "\n"
                + "{\"event\":\"view\",\"page_id\":\"\\udfff\"}\n"
                + view("\"city\":\"G\\u00f6teborg \\ud83d\\ude00\"") + "\n";
        HttpAnswer answer = batch(ws, body);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("accepted", 2).containsEntry("rejected_count", 5);
        assertThat(rejected(answer, "line")).containsExactly(2, 3, 4, 5, 6);
        // A lone surrogate in a key already fails JSON parsing.
        assertThat(rejected(answer, "code")).containsExactly("invalid_field", "invalid_field", "invalid_field", "invalid_json",
                "invalid_field");
        assertThat(rejected(answer, "reason")).contains("user_agent is not valid Unicode text (it has a lone surrogate)",
                "metadata is not valid Unicode text (it has a lone surrogate)");

        HttpAnswer tracked = HttpAnswer.send(client, HttpRequest.POST("/api/v1/track/view",
                        "{\"page_id\":\"p\",\"referer\":\"https://example.com/\\udc00\"}")
                .contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(ws.apiKey()));
        assertThat(tracked.status()).isEqualTo(400);
        assertThat(error(tracked)).containsEntry("code", "invalid_field")
                .containsEntry("message", "referer is not valid Unicode text (it has a lone surrogate)");
        assertThat(EventRows.count(clickHouse, ws.workspace().id())).isEqualTo(2);
    }

    @Test
    void aGzipHeaderOnAPlainBodyIsAClear400() throws Exception {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        byte[] body = (GOOD + "\n").getBytes(StandardCharsets.UTF_8);
        String answer = exchange("POST /api/v1/events/batch HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ws.apiKey()
                + "\r\nContent-Type: " + NDJSON + "\r\nContent-Encoding: gzip\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n", body);
        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).contains("\"code\":\"invalid_encoding\"");
        assertThat(EventRows.count(clickHouse, ws.workspace().id())).isZero();
    }

    @Test
    void aBatchOverTheServersSizeCapIsTheDocumented413() throws Exception {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        long declared = 70L * 1024 * 1024;
        String answer = exchange("POST /api/v1/events/batch HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ws.apiKey()
                + "\r\nContent-Type: " + NDJSON + "\r\nContent-Length: " + declared + "\r\nConnection: close\r\n\r\n",
                (GOOD + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer).contains("\"code\":\"batch_too_large\"");
        assertThat(EventRows.count(clickHouse, ws.workspace().id())).isZero();
    }

    /** Real sockets: the framework's client would fix up the headers these cases get wrong on purpose. */
    private String exchange(String head, byte[] body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String view(String field) {
        return "{\"event\":\"view\",\"page_id\":\"p1\"," + field + "}";
    }

    private HttpAnswer batch(TestWorkspace ws, String body) {
        return HttpAnswer.send(client, HttpRequest.POST("/api/v1/events/batch", body.getBytes(StandardCharsets.UTF_8))
                .contentType(NDJSON).bearerAuth(ws.apiKey()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(HttpAnswer answer) {
        return (Map<String, Object>) answer.json().get("error");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> rejected(HttpAnswer answer, String field) {
        return ((List<Map<String, Object>>) answer.json().get("rejected")).stream().map(item -> item.get(field)).toList();
    }
}
