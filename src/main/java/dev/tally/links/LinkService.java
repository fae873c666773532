package dev.tally.links;

import dev.tally.base.RandomIds;
import dev.tally.base.WellFormedText;
import dev.tally.auth.Workspace;
import dev.tally.store.RowVersions;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/** Creates, reads, lists, changes and deletes a workspace's links; keeps {@code (domain, key)} unique. */
@Singleton
public final class LinkService {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,189}");
    private static final int MAX_TEXT = 2048;
    private static final int MAX_TAGS = 100;

    private final LinkStore store;
    private final LinkCatalog catalog;
    private final LinkConfiguration configuration;
    private final Clock clock;
    // Tricky: uniqueness is check-then-write on a table that can't enforce it, so writes that take a
    // domain/key are serialized in this instance. Several instances creating the same key in the same
    // millisecond could still both succeed; a shared lock (e.g. Keeper) would close that.
    private final ReentrantLock keyLock = new ReentrantLock();

    public LinkService(LinkStore store, LinkCatalog catalog, LinkConfiguration configuration) {
        this(store, catalog, configuration, Clock.systemUTC());
    }

    LinkService(LinkStore store, LinkCatalog catalog, LinkConfiguration configuration, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.configuration = configuration;
        this.clock = clock;
    }

    public Link create(Workspace workspace, LinkChanges request) {
        if (request.url() == null || request.url().isBlank()) {
            throw invalid("url is required");
        }
        String domain = domain(request.domain() == null ? configuration.defaultDomain() : request.domain());
        Instant now = now();
        keyLock.lock();
        try {
            String key = request.key() == null ? freeKey(domain) : takenCheckedKey(workspace, domain, key(request.key()));
            Link link = new Link(RandomIds.linkId(), workspace.id(), domain, key, url(request.url()),
                    text("title", request.title()), tags(request.tagIds()), text("folder_id", request.folderId()),
                    text("tenant_id", request.tenantId()), text("external_id", request.externalId()),
                    text("group_id", request.groupId()), text("partner_id", request.partnerId()), now, now);
            store.write(link, false);
            catalog.remember(link);
            return link;
        } finally {
            keyLock.unlock();
        }
    }

    public Link get(Workspace workspace, String id) {
        return store.findById(workspace.id(), id).orElseThrow(() -> LinkException.notFound(id));
    }

    public LinkPage list(Workspace workspace, LinkFilter filter) {
        List<Link> links = store.list(workspace.id(), filter);
        boolean hasMore = links.size() > filter.pageSize();
        return new LinkPage(hasMore ? links.subList(0, filter.pageSize()) : links, hasMore);
    }

    public Link update(Workspace workspace, String id, LinkChanges changes) {
        keyLock.lock();
        try {
            Link current = get(workspace, id);
            String domain = changes.domain() == null ? current.domain() : domain(changes.domain());
            String key = changes.key() == null ? current.key() : key(changes.key());
            if (!domain.equals(current.domain()) || !key.equals(current.key())) {
                takenCheckedKey(workspace, domain, key);
            }
            Instant now = now();
            Link updated = new Link(current.id(), current.workspaceId(), domain, key,
                    changes.url() == null ? current.url() : url(changes.url()),
                    changes.title() == null ? current.title() : text("title", changes.title()),
                    changes.tagIds() == null ? current.tagIds() : tags(changes.tagIds()),
                    changes.folderId() == null ? current.folderId() : text("folder_id", changes.folderId()),
                    changes.tenantId() == null ? current.tenantId() : text("tenant_id", changes.tenantId()),
                    changes.externalId() == null ? current.externalId() : text("external_id", changes.externalId()),
                    changes.groupId() == null ? current.groupId() : text("group_id", changes.groupId()),
                    changes.partnerId() == null ? current.partnerId() : text("partner_id", changes.partnerId()),
                    current.createdAt(), RowVersions.after(now, current.updatedAt()));
            store.write(updated, false);
            if (!domain.equals(current.domain()) || !key.equals(current.key())) {
                catalog.forget(current);
            }
            catalog.remember(updated);
            return updated;
        } finally {
            keyLock.unlock();
        }
    }

    public void delete(Workspace workspace, String id) {
        keyLock.lock();
        try {
            Link current = get(workspace, id);
            Link tombstone = new Link(current.id(), current.workspaceId(), current.domain(), current.key(), current.url(),
                    current.title(), current.tagIds(), current.folderId(), current.tenantId(), current.externalId(),
                    current.groupId(), current.partnerId(), current.createdAt(), RowVersions.after(now(), current.updatedAt()));
            store.write(tombstone, true);
            catalog.forget(current);
        } finally {
            keyLock.unlock();
        }
    }

    // Stored times are DateTime64(3): keep millisecond precision so a link reads back equal to itself.
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private String freeKey(String domain) {
        for (int attempt = 0; attempt < 10; attempt++) {
            String key = RandomIds.key();
            if (!ReservedKeys.isReserved(key) && store.findByDomainKey(domain, key).isEmpty() && store.deletedSince(domain, key, reservedSince()).isEmpty()) {
                return key;
            }
        }
        throw new IllegalStateException("no free 7-character key found on " + domain + " after 10 attempts");
    }

    /**
     * {@code key} when no live link uses it and no other workspace deleted a link on it within the
     * reservation period ({@code tally.links.deleted-key-reservation}, 30 days): until then only the
     * workspace that deleted it may take it again, so old printed links never reach a new owner.
     */
    private String takenCheckedKey(Workspace workspace, String domain, String key) {
        Optional<Link> existing = store.findByDomainKey(domain, key);
        if (existing.isPresent()) {
            throw new LinkException(LinkException.Reason.CONFLICT,
                    "the key '" + key + "' is already in use on " + domain);
        }
        Optional<LinkStore.Deletion> deletion = store.deletedSince(domain, key, reservedSince());
        if (deletion.isPresent() && !deletion.get().workspaceId().equals(workspace.id())) {
            Instant until = deletion.get().deletedAt().plus(configuration.deletedKeyReservation()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            throw new LinkException(LinkException.Reason.CONFLICT, "the key '" + key + "' on " + domain
                    + " belonged to a deleted link and is reserved until " + until + "; choose another key");
        }
        return key;
    }

    private Instant reservedSince() {
        return now().minus(configuration.deletedKeyReservation());
    }

    private String domain(String domain) {
        String normalized = domain.strip().toLowerCase(Locale.ROOT);
        if (!configuration.servedDomains().contains(normalized)) {
            throw invalid("domain '" + domain + "' is not a short domain of this Tally; use one of "
                    + String.join(", ", configuration.servedDomains()));
        }
        return normalized;
    }

    private static String key(String key) {
        if (!KEY.matcher(key).matches()) {
            throw invalid("key must be 1 to 190 letters, digits, '-' or '_', starting with a letter or digit");
        }
        if (ReservedKeys.isReserved(key)) {
            throw invalid("the key '" + key + "' is reserved: Tally serves its own /" + key.toLowerCase(Locale.ROOT)
                    + " path on every host, so the link would never redirect; choose another key");
        }
        return key;
    }

    private static String url(String url) {
        wellFormed("url", url);
        return DestinationUrl.normalize(url);
    }

    private static List<String> tags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > MAX_TAGS || tags.stream().anyMatch(tag -> tag == null || tag.isBlank() || tag.length() > 190)) {
            throw invalid("tag_ids must be at most " + MAX_TAGS + " non-empty ids of at most 190 characters");
        }
        tags.forEach(tag -> wellFormed("tag_ids", tag));
        return tags.stream().distinct().toList();
    }

    private static String text(String field, String value) {
        return WellFormedText.field(field, value, MAX_TEXT, LinkService::invalid);
    }

    private static String wellFormed(String field, String value) {
        return WellFormedText.wellFormed(field, value, LinkService::invalid);
    }

    private static LinkException invalid(String message) {
        return new LinkException(LinkException.Reason.INVALID, message);
    }
}
