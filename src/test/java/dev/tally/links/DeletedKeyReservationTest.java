package dev.tally.links;

import dev.tally.auth.Workspace;
import dev.tally.support.EventFixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A deleted link's domain/key stays its workspace's for the reservation period (30 days by default). */
@MicronautTest
class DeletedKeyReservationTest {
    @Inject
    LinkService links;
    @Inject
    LinkStore store;
    @Inject
    LinkCatalog catalog;
    @Inject
    LinkConfiguration configuration;
    @Inject
    EventFixtures fixtures;

    @Test
    void anotherWorkspaceCannotClaimADeletedKeyUntilTheReservationEnds() {
        Workspace owner = fixtures.workspace();
        Workspace stranger = fixtures.workspace();
        String key = "printed" + System.nanoTime();
        Link link = links.create(owner, withKey(key));
        links.delete(owner, link.id());

        assertThatThrownBy(() -> links.create(stranger, withKey(key)))
                .isInstanceOfSatisfying(LinkException.class, e -> assertThat(e.reason()).isEqualTo(LinkException.Reason.CONFLICT))
                .hasMessageStartingWith("the key '" + key + "' on tly.sh belonged to a deleted link and is reserved until ");
        // Renaming another link onto it is refused the same way.
        Link other = links.create(stranger, withKey(null));
        assertThatThrownBy(() -> links.update(stranger, other.id(), withKey(key))).isInstanceOf(LinkException.class)
                .hasMessageContaining("is reserved until");

        // Past the reservation (a clock 30 days and a minute ahead) anyone may take it.
        Clock later = Clock.offset(Clock.system(ZoneOffset.UTC), configuration.deletedKeyReservation().plus(Duration.ofMinutes(1)));
        Link claimed = new LinkService(store, catalog, configuration, later).create(stranger, withKey(key));
        assertThat(claimed.workspaceId()).isEqualTo(stranger.id());
    }

    @Test
    void theWorkspaceThatDeletedAKeyMayTakeItAgainAtOnce() {
        Workspace owner = fixtures.workspace();
        String key = "mine" + System.nanoTime();
        links.delete(owner, links.create(owner, withKey(key)).id());
        assertThat(links.create(owner, withKey(key)).key()).isEqualTo(key);
    }

    @Test
    void theDefaultReservationIsThirtyDays() {
        assertThat(configuration.deletedKeyReservation()).isEqualTo(Duration.ofDays(30));
    }

    private static LinkChanges withKey(String key) {
        return new LinkChanges("https://example.com/printed", null, key, null, null, null, null, null, null, null);
    }
}
