package dev.tally.links;

import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.support.HttpAnswer;
import dev.tally.support.Poll;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An unknown link id or slug asked for again and again is answered from memory for two seconds: the
 * proof is a link written straight to the table (as another instance would) that stays unseen for that long.
 * A link written through this instance is found at once.
 */
@MicronautTest
@Property(name = "spec.name", value = "UnknownLinkLookupsTest")
class UnknownLinkLookupsTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    LinkStore store;
    @Inject
    LinkService links;

    @Test
    void aMissingSlugAndLinkIdAreRememberedBriefly() {
        TestWorkspace ws = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        String key = "missing" + System.nanoTime();
        String id = "lnk_missing" + System.nanoTime();
        Instant firstMiss = Instant.now();
        assertThat(slug(ws, key)).isEqualTo(404);
        assertThat(report(ws, id)).isEqualTo(404);

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.write(new Link(id, ws.workspace().id(), "tly.sh", key, "https://example.com/", "", List.of(), "", "", "", "", "",
                now, now), false);
        // The premise: still inside the two seconds the misses are remembered (a stalled machine skips, never fails).
        assumeTrue(Duration.between(firstMiss, Instant.now()).compareTo(Duration.ofMillis(1500)) < 0);
        assertThat(slug(ws, key)).isEqualTo(404);
        assertThat(report(ws, id)).isEqualTo(404);

        assertThat(Poll.until(Duration.ofSeconds(5), () -> slug(ws, key), status -> status == 200)).isEqualTo(200);
        assertThat(report(ws, id)).isEqualTo(200);
    }

    @Test
    void aLinkCreatedHereIsFoundAtOnceAfterAMiss() {
        TestWorkspace ws = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        String key = "soon" + System.nanoTime();
        assertThat(slug(ws, key)).isEqualTo(404);
        Link link = links.create(ws.workspace(), new LinkChanges("https://example.com/soon", null, key, null, null, null, null, null, null, null));
        assertThat(slug(ws, key)).isEqualTo(200);
        assertThat(report(ws, link.id())).isEqualTo(200);
    }

    private int slug(TestWorkspace ws, String key) {
        return HttpAnswer.send(client, HttpRequest.GET("/api/v1/links/" + key + "/analytics").bearerAuth(ws.apiKey())).status();
    }

    private int report(TestWorkspace ws, String id) {
        return HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics/" + id).bearerAuth(ws.apiKey())).status();
    }
}
