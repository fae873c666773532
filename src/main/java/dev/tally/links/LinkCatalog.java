package dev.tally.links;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Links in memory, by {@code domain/key} (redirects) and by id (ingest), so neither waits on ClickHouse
 * for a link it has seen. Writes through this instance update the cache at once; edits made through
 * other instances show up after {@code tally.links.cache-seconds}. A miss loads from ClickHouse; an
 * unknown key is remembered for two seconds only, so a link created elsewhere starts redirecting soon.
 */
@Singleton
public final class LinkCatalog {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LinkCatalog.class);
    private static final Duration UNKNOWN_TTL = Duration.ofSeconds(2);

    private final LoadingCache<String, Optional<Link>> byDomainKey;
    private final LoadingCache<String, Optional<Link>> byId;
    private final Cache<String, Boolean> recentlyMissing =
            Caffeine.newBuilder().expireAfterWrite(UNKNOWN_TTL).maximumSize(100_000).build();

    public LinkCatalog(LinkStore store, LinkConfiguration configuration) {
        Duration ttl = Duration.ofSeconds(configuration.cacheSeconds());
        // Tricky: a known link is reloaded in the background once it is half its lifetime old, and served meanwhile.
        // Expiring it instead made every redirect and batch naming a busy link wait, once a lifetime, for one engine
        // lookup queued behind the analytics queries for a connection (ADR 0156). A link nobody asks for still
        // expires, so an answer is never older than cache-seconds.
        this.byDomainKey = Caffeine.newBuilder().maximumSize(configuration.cacheSize()).expireAfter(expiry(ttl))
                .refreshAfterWrite(ttl.dividedBy(2))
                .build(domainKey -> store.findByDomainKey(domainOf(domainKey), keyOf(domainKey)));
        this.byId = Caffeine.newBuilder().maximumSize(configuration.cacheSize()).expireAfter(expiry(ttl))
                .refreshAfterWrite(ttl.dividedBy(2))
                .build(store::findAnyById);
        warm(store, Math.min(configuration.cacheSize(), 100_000));
    }

    /**
     * Loads recent links so the first redirects don't wait on ClickHouse. Only a head start: if it fails, the
     * catalog starts cold (links load on first use) rather than failing every bean that needs it, which
     * once stopped all ingest after a restart (issue 11, defect 11).
     */
    private void warm(LinkStore store, int count) {
        try {
            for (Link link : store.recent(count)) {
                remember(link);
            }
        } catch (RuntimeException e) {
            LOG.error("loading recent links into the cache failed; links will load on first use: {}", e.getMessage());
        }
    }

    /** The live link on {@code domain}/{@code key}, in any workspace. */
    public Optional<Link> byDomainKey(String domain, String key) {
        return byDomainKey.get(domainKey(domain, key));
    }

    /** The workspace's live link with this id; another workspace's link is as unknown as a missing one. */
    public Optional<Link> byId(String workspaceId, String id) {
        return byId.get(id).filter(link -> link.workspaceId().equals(workspaceId));
    }

    /** The workspace's live link on {@code domain}/{@code key}. */
    public Optional<Link> byDomainKey(String workspaceId, String domain, String key) {
        return byDomainKey(domain, key).filter(link -> link.workspaceId().equals(workspaceId));
    }

    /**
     * What {@code lookup} answers about the workspace's link with this id or key ({@code kind} says which),
     * except that a "none" is reused for {@link #UNKNOWN_TTL} without asking again: an unknown id or slug
     * asked for over and over costs one engine query per two seconds, not one per request. A link written
     * through this instance is found at once; one created elsewhere within two seconds.
     */
    public <T> Optional<T> unlessRecentlyMissing(String workspaceId, LookupKind kind, String value, Supplier<Optional<T>> lookup) {
        String question = missingKey(workspaceId, kind, value);
        if (recentlyMissing.getIfPresent(question) != null) {
            return Optional.empty();
        }
        Optional<T> answer = lookup.get();
        if (answer.isEmpty()) {
            recentlyMissing.put(question, Boolean.TRUE);
        }
        return answer;
    }

    /** What a {@link #unlessRecentlyMissing} question names a link by. */
    public enum LookupKind { ID, KEY }

    void remember(Link link) {
        byDomainKey.put(domainKey(link.domain(), link.key()), Optional.of(link));
        byId.put(link.id(), Optional.of(link));
        recentlyMissing.invalidate(missingKey(link.workspaceId(), LookupKind.ID, link.id()));
        recentlyMissing.invalidate(missingKey(link.workspaceId(), LookupKind.KEY, link.key()));
    }

    private static String missingKey(String workspaceId, LookupKind kind, String value) {
        return workspaceId + "\u0000" + kind + "\u0000" + value;
    }

    void forget(Link link) {
        byDomainKey.put(domainKey(link.domain(), link.key()), Optional.empty());
        byId.put(link.id(), Optional.empty());
    }

    private static Expiry<String, Optional<Link>> expiry(Duration known) {
        // Counted from each write, a background reload's too, so a link read often never expires under its readers.
        return Expiry.writing((key, value) -> value.isPresent() ? known : UNKNOWN_TTL);
    }

    private static String domainKey(String domain, String key) {
        return domain + "/" + key;
    }

    private static String domainOf(String domainKey) {
        return domainKey.substring(0, domainKey.indexOf('/'));
    }

    private static String keyOf(String domainKey) {
        return domainKey.substring(domainKey.indexOf('/') + 1);
    }
}
