package dev.tally.support;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Smoke test of a little-documented capability of the pinned chDB: its library serves ClickHouse's real
 * HTTP interface from a child process, and that child goes away when asked.
 */
class ClickHouseListenerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theSharedListenerAnswersPingAndQueriesOverHttp() throws Exception {
        ClickHouseListener server = ClickHouseListener.shared();
        assertThat(ClickHouseListener.shared()).isSameAs(server);
        assertThat(get(server.httpUrl().resolve("/ping"))).isEqualTo("Ok.\n");
        assertThat(get(query(server, "SELECT 6 * 7"))).isEqualTo("42\n");
        assertThat(get(query(server, "SELECT version()"))).startsWith("26.7.");
        assertThat(server.jdbcUrl("tally")).isEqualTo("jdbc:clickhouse://127.0.0.1:" + server.httpPort() + "/tally");
        assertThatThrownBy(server::close).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingAPrivateListenerKillsItsProcess() throws Exception {
        ClickHouseListener server = ClickHouseListener.start();
        long pid = server.pid();
        assertThat(get(query(server, "SELECT 1"))).isEqualTo("1\n");
        server.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(server.isAlive()).isFalse();
    }

    private static URI query(ClickHouseListener server, String sql) {
        return server.httpUrl().resolve("/?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8));
    }

    private static String get(URI uri) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }
}
