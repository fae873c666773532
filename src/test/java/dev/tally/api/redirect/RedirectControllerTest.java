package dev.tally.api.redirect;

import dev.tally.auth.Workspace;
import dev.tally.links.Link;
import dev.tally.sql.Param;
import dev.tally.sql.Parameters;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import dev.tally.support.EventFixtures;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@MicronautTest
@Property(name = "micronaut.http.client.follow-redirects", value = "false")
@Property(name = "tally.links.short-domains", value = "go.example.org")
class RedirectControllerTest {
    private static final String ANDROID_CHROME = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36";

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    EventFixtures fixtures;
    @Inject
    ClickHouse clickHouse;
    @Inject
    dev.tally.links.LinkService links;
    @Inject
    EmbeddedServer server;

    @Test
    void redirectsWithTheQueryPassedThroughAndRecordsAQrClick() {
        Workspace workspace = fixtures.workspace();
        Link link = fixtures.link(workspace, "https://example.com/landing?ref=tally#top");
        HttpResponse<?> response = client.toBlocking().exchange(HttpRequest.GET("/" + link.key() + "?utm_source=poster&qr=1")
                .header("Host", "tly.sh").header("User-Agent", ANDROID_CHROME).header("X-Forwarded-For", "133.11.0.1")
                .header("Referer", "https://news.example.net/item"));
        assertThat(response.code()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo("https://example.com/landing?ref=tally&utm_source=poster#top");

        Row click = awaitClicks(workspace, 1).getFirst();
        assertThat(click.string("link_id")).isEqualTo(link.id());
        assertThat(click.string("trigger")).isEqualTo("qr");
        assertThat(click.string("utm_source")).isEqualTo("poster");
        assertThat(List.of(click.string("country"), click.string("city"), click.string("device"), click.string("browser"), click.string("referer")))
                .containsExactly("JP", "Tokyo", "mobile", "Chrome", "news.example.net");
    }

    @Test
    void aPlainRedirectIsALinkClickOnAnyConfiguredShortDomain() {
        Workspace workspace = fixtures.workspace();
        Link link = fixtures.link(workspace, "https://example.com/plain");
        HttpResponse<?> response = client.toBlocking().exchange(HttpRequest.GET("/" + link.key()).header("Host", "tly.sh:443"));
        assertThat(response.header("Location")).isEqualTo("https://example.com/plain");
        assertThat(awaitClicks(workspace, 1).getFirst().string("trigger")).isEqualTo("link");
    }

    @Test
    void anUnknownKeyOrAHostThatIsNoShortDomainIsA404Page() {
        Workspace workspace = fixtures.workspace();
        Link link = fixtures.link(workspace, "https://example.com/elsewhere");
        for (HttpRequest<?> request : List.of(HttpRequest.GET("/nosuchkey0").header("Host", "tly.sh"),
                HttpRequest.GET("/" + link.key()).header("Host", "go.example.org"),
                HttpRequest.GET("/" + link.key()).header("Host", "api.example.com"))) {
            assertThatThrownBy(() -> client.toBlocking().exchange(request, String.class))
                    .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(404);
                        assertThat(e.getResponse().getBody(String.class).orElse("")).contains("Link not found");
                    });
        }
    }

    @Test
    void theLocationIsTheCheckedAsciiFormForUnicodeDestinationsAndQueries() throws IOException {
        Workspace workspace = fixtures.workspace();
        Link link = fixtures.link(workspace, "https://b\u00fccher.example/\u65e5\u672c?x=\u00e9");
        assertThat(link.url()).isEqualTo("https://xn--bcher-kva.example/%E6%97%A5%E6%9C%AC?x=%C3%A9");
        // Raw UTF-8 in the request line, as a browser pasting the address might send it.
        String head = rawGet("/" + link.key() + "?q=\u00fc&r=%5Cevil.example");
        assertThat(head).startsWith("HTTP/1.1 302");
        assertThat(head).contains("location: https://xn--bcher-kva.example/%E6%97%A5%E6%9C%AC?x=%C3%A9&q=%C3%BC&r=%5Cevil.example\r\n");
    }

    @Test
    void aDestinationWithUserInfoIsRefusedAtCreation() {
        Workspace workspace = fixtures.workspace();
        // The audit's URL: validated as host good.example, redirected to evil.example.
        assertThatThrownBy(() -> fixtures.link(workspace, "https://evil.example\u65e5@good.example/welcome"))
                .hasMessage("url must not contain a user name or password (text before '@' in the host part)");
    }

    private String rawGet(String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: tly.sh\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            // Header names in lower case (HTTP/1.1 ignores their case); values byte for byte.
            return java.util.regex.Pattern.compile("(?m)^([A-Za-z-]+):").matcher(answer.substring(0, answer.indexOf("\r\n\r\n") + 2))
                    .replaceAll(match -> match.group(1).toLowerCase(java.util.Locale.ROOT) + ":");
        }
    }

    @Test
    void aDeletedLinkStopsRedirectingAtOnce() {
        Workspace workspace = fixtures.workspace();
        Link link = fixtures.link(workspace, "https://example.com/gone");
        HttpRequest<?> redirect = HttpRequest.GET("/" + link.key()).header("Host", "tly.sh");
        assertThat(client.toBlocking().exchange(redirect).code()).isEqualTo(302);
        links.delete(workspace, link.id());
        assertThatThrownBy(() -> client.toBlocking().exchange(redirect))
                .isInstanceOfSatisfying(HttpClientResponseException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(404));
    }

    private List<Row> awaitClicks(Workspace workspace, int expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            Parameters parameters = new Parameters();
            List<Row> rows = clickHouse.query(Sql.of("SELECT * FROM events WHERE workspace_id = "
                    + parameters.bind(Param.string(workspace.id())), parameters)).rows();
            if (rows.size() >= expected || Instant.now().isAfter(deadline)) {
                assertThat(rows).hasSize(expected);
                return rows;
            }
            Thread.onSpinWait();
        }
    }
}
