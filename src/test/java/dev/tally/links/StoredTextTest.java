package dev.tally.links;

import dev.tally.base.WellFormedText;
import dev.tally.auth.Plan;
import dev.tally.sql.Param;
import dev.tally.sql.Parameters;
import dev.tally.sql.Sql;
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
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, defect 11: a lone surrogate in a link field is refused at the door (it used to be stored, and
 * after a restart the link cache could not be built, so every batch ingest of every workspace failed);
 * and a row that is not UTF-8 already in the table no longer stops the cache, or anything, from starting.
 */
@MicronautTest
@Property(name = "micronaut.http.client.read-timeout", value = "60s")
class StoredTextTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    ClickHouse clickHouse;
    @Inject
    LinkStore store;
    @Inject
    LinkConfiguration configuration;

    @Test
    void aLoneSurrogateInAnyLinkTextFieldIsA400() {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        for (Map.Entry<String, String> body : Map.of(
                "title", "{\"url\":\"https://example.com/a\",\"title\":\"\\udfff\"}",
                "url", "{\"url\":\"https://example.com/\\ud800\"}",
                "folder_id", "{\"url\":\"https://example.com/a\",\"folder_id\":\"x\\udc00\"}",
                "tag_ids", "{\"url\":\"https://example.com/a\",\"tag_ids\":[\"ok\",\"\\udfff\"]}").entrySet()) {
            HttpAnswer answer = HttpAnswer.send(client, HttpRequest.POST("/api/v1/links", body.getValue())
                    .contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(ws.apiKey()));
            assertThat(answer.status()).as(body.getValue()).isEqualTo(400);
            assertThat(answer.body()).as(body.getValue())
                    .contains(body.getKey() + " is not valid Unicode text (it has a lone surrogate)");
        }
        HttpAnswer fine = HttpAnswer.send(client, HttpRequest.POST("/api/v1/links",
                        "{\"url\":\"https://example.com/a\",\"title\":\"G\\u00f6teborg \\ud83d\\ude00\"}")
                .contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(ws.apiKey()));
        assertThat(fine.status()).isEqualTo(201);
    }

    @Test
    void aStoredRowThatIsNotUtf8StopsNothingFromStartingAndItsLinkStillIngests() {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        String id = "lnk_badutf8_" + ws.workspace().id();
        // What a lone surrogate became on the way in: the bytes ED BF BF, which no UTF-8 reader accepts.
        Parameters parameters = new Parameters();
        clickHouse.execute(Sql.of("INSERT INTO links (workspace_id, id, domain, key, url, title, created_at, updated_at) SELECT "
                + parameters.bind(Param.string(ws.workspace().id())) + ", " + parameters.bind(Param.string(id)) + ", 'tly.sh', "
                + parameters.bind(Param.string("bad" + Math.abs(id.hashCode()))) + ", 'https://example.com/a', unhex('EDBFBF'),"
                + " now64(3), now64(3)", parameters));

        // The cache a restart builds (it reads every recent link) comes up, and the link reads as U+FFFD.
        LinkCatalog restarted = new LinkCatalog(store, configuration);
        Link link = restarted.byId(ws.workspace().id(), id).orElseThrow();
        assertThat(WellFormedText.isWellFormed(link.title())).isTrue();
        assertThat(link.title()).contains("\uFFFD");

        HttpAnswer click = HttpAnswer.send(client, HttpRequest.POST("/api/v1/events/batch",
                        "{\"event\":\"click\",\"link_id\":\"" + id + "\"}\n")
                .contentType("application/x-ndjson").bearerAuth(ws.apiKey()));
        assertThat(click.status()).isEqualTo(200);
        assertThat(EventRows.count(clickHouse, ws.workspace().id())).isEqualTo(1);
    }
}
