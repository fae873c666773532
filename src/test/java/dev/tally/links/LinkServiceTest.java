package dev.tally.links;

import dev.tally.auth.Workspace;
import dev.tally.sql.Param;
import dev.tally.sql.Parameters;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import dev.tally.support.EventFixtures;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@MicronautTest
class LinkServiceTest {
    @Inject
    LinkService links;
    @Inject
    EventFixtures fixtures;
    @Inject
    ClickHouse clickHouse;

    @Test
    void createsWithAGeneratedSevenCharacterKeyOnTheDefaultDomain() {
        Workspace workspace = fixtures.workspace();
        Link link = links.create(workspace, changes("https://example.com/a", null, null));
        assertThat(link.id()).matches("lnk_[0-9A-Za-z]{24}");
        assertThat(link.key()).matches("[0-9A-Za-z]{7}");
        assertThat(link.domain()).isEqualTo(LinkConfiguration.DEFAULT_DOMAIN);
        assertThat(links.get(workspace, link.id())).isEqualTo(link);
    }

    @Test
    void aTakenKeyIsAConflictAcrossWorkspaces() {
        Workspace first = fixtures.workspace();
        Workspace second = fixtures.workspace();
        String key = "k" + System.nanoTime();
        links.create(first, changes("https://example.com/1", key, null));
        assertThatThrownBy(() -> links.create(second, changes("https://example.com/2", key, null)))
                .isInstanceOf(LinkException.class).hasMessage("the key '" + key + "' is already in use on tly.sh")
                .extracting(e -> ((LinkException) e).reason()).isEqualTo(LinkException.Reason.CONFLICT);
    }

    @Test
    void anotherWorkspacesLinkIsNotFoundForReadingChangingOrDeleting() {
        Workspace owner = fixtures.workspace();
        Workspace stranger = fixtures.workspace();
        Link link = links.create(owner, changes("https://example.com/mine", null, null));
        for (Runnable attempt : List.<Runnable>of(() -> links.get(stranger, link.id()),
                () -> links.update(stranger, link.id(), changes(null, null, "hijack")),
                () -> links.delete(stranger, link.id()))) {
            assertThatThrownBy(attempt::run).isInstanceOf(LinkException.class)
                    .hasMessage("link '" + link.id() + "' not found");
        }
        assertThatThrownBy(() -> links.get(stranger, "lnk_unknown")).hasMessage("link 'lnk_unknown' not found");
        assertThat(links.get(owner, link.id()).folderId()).isEmpty();
    }

    @Test
    void changesAreTheLatestVersionInTheLinksTableAndDeletionHidesTheLink() {
        Workspace workspace = fixtures.workspace();
        Link link = links.create(workspace, new LinkChanges("https://example.com/v1", null, null, null, List.of("t1"),
                "f1", "tenant1", null, null, null));
        Link changed = links.update(workspace, link.id(), new LinkChanges(null, null, null, "Title", List.of("t2", "t3"),
                "f2", null, "ext", "g1", "p1"));
        assertThat(changed.url()).isEqualTo("https://example.com/v1");
        assertThat(changed.tenantId()).isEqualTo("tenant1");

        Parameters parameters = new Parameters();
        Row latest = clickHouse.query(Sql.of("SELECT tag_ids, folder_id, group_id, partner_id, external_id FROM links FINAL"
                + " WHERE workspace_id = " + parameters.bind(Param.string(workspace.id())), parameters)).single();
        assertThat(latest.<String>list("tag_ids")).containsExactly("t2", "t3");
        assertThat(List.of(latest.string("folder_id"), latest.string("group_id"), latest.string("partner_id"), latest.string("external_id")))
                .containsExactly("f2", "g1", "p1", "ext");

        links.delete(workspace, link.id());
        assertThatThrownBy(() -> links.get(workspace, link.id())).isInstanceOf(LinkException.class);
        // The key is free again once its link is deleted.
        Link reused = links.create(workspace, changes("https://example.com/again", link.key(), null));
        assertThat(reused.key()).isEqualTo(link.key());
    }

    @Test
    void listsFilterAndPage() {
        Workspace workspace = fixtures.workspace();
        for (int i = 0; i < 5; i++) {
            links.create(workspace, new LinkChanges("https://example.com/p" + i, null, null, "Page " + i,
                    List.of(i % 2 == 0 ? "even" : "odd"), "folder" + (i % 2), "tenant", null, null, null));
        }
        assertThat(links.list(workspace, new LinkFilter(null, "even", null, null, null, 1, 100)).links()).hasSize(3);
        assertThat(links.list(workspace, new LinkFilter(null, null, "folder1", null, null, 1, 100)).links()).hasSize(2);
        assertThat(links.list(workspace, new LinkFilter(null, null, null, null, "/P3", 1, 100)).links())
                .extracting(Link::url).containsExactly("https://example.com/p3");
        LinkPage first = links.list(workspace, new LinkFilter(null, null, null, "tenant", null, 1, 2));
        LinkPage third = links.list(workspace, new LinkFilter(null, null, null, "tenant", null, 3, 2));
        assertThat(first.links()).hasSize(2);
        assertThat(first.hasMore()).isTrue();
        assertThat(third.links()).hasSize(1);
        assertThat(third.hasMore()).isFalse();
    }

    @Test
    void refusesBadInputWithPreciseMessages() {
        Workspace workspace = fixtures.workspace();
        assertThatThrownBy(() -> links.create(workspace, changes(null, null, null))).hasMessage("url is required");
        assertThatThrownBy(() -> links.create(workspace, changes("ftp://example.com", null, null)))
                .hasMessage("url must be an absolute http or https URL");
        assertThatThrownBy(() -> links.create(workspace, changes("https://example.com", "bad key", null)))
                .hasMessage("key must be 1 to 190 letters, digits, '-' or '_', starting with a letter or digit");
        assertThatThrownBy(() -> links.create(workspace, new LinkChanges("https://example.com", "elsewhere.com", null,
                null, null, null, null, null, null, null)))
                .hasMessage("domain 'elsewhere.com' is not a short domain of this Tally; use one of tly.sh");
    }

    private static LinkChanges changes(String url, String key, String title) {
        return new LinkChanges(url, null, key, title, null, null, null, null, null, null);
    }
}
