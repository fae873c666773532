package dev.tally.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Resolves bearer tokens to {@link Credential}s without a ClickHouse round trip per request: key lookups
 * (by the secret's hash, found or not) and workspaces are cached in memory.
 *
 * <p>Revocation and changes reach every instance through a poll: every
 * {@link AuthConfiguration#revocationPollInterval()} (1 s) this instance asks ClickHouse which keys and
 * workspaces got a new version since its previous poll (minus an overlap for clock skew) and drops those
 * cache entries, so the next request sees the store's truth. A revocation therefore takes effect at once
 * on the instance that made it and within about one poll interval plus one query on every other instance
 * sharing the ClickHouse (measured in {@code RevocationAcrossInstancesTest}), well inside the 5 s bound.
 * The entries' own time-to-live ({@link AuthConfiguration#cacheTtl()}) is only a safety net.
 */
@Singleton
public final class CredentialCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialCache.class);
    static final Duration UNKNOWN_KEY_TTL = Duration.ofSeconds(30);

    private final ApiKeyRepository keys;
    private final WorkspaceRepository workspaces;
    private final AdminConfiguration admin;
    private final AuthConfiguration configuration;
    private final Cache<String, KeyLookup> keysByHash;
    private final Cache<String, Boolean> unknownHashes;
    private final Cache<String, Optional<WorkspaceRecord>> workspacesById;
    private final ScheduledExecutorService poller;
    private final Map<String, Instant> seenKeyVersions = new HashMap<>();
    private final Map<String, Instant> seenWorkspaceVersions = new HashMap<>();
    private volatile Instant lastPollStart = Instant.now();

    CredentialCache(ApiKeyRepository keys, WorkspaceRepository workspaces, AdminConfiguration admin,
                    AuthConfiguration configuration) {
        this.keys = keys;
        this.workspaces = workspaces;
        this.admin = admin;
        this.configuration = configuration;
        this.keysByHash = Caffeine.newBuilder().expireAfterWrite(configuration.cacheTtl()).maximumSize(100_000).build();
        // Unknown secrets are kept apart and briefly: a stream of made-up keys can neither evict the known
        // keys nor make the same guess cost a query twice within UNKNOWN_KEY_TTL; the poll drops an entry as
        // soon as a key with that hash is issued anywhere.
        this.unknownHashes = Caffeine.newBuilder().expireAfterWrite(UNKNOWN_KEY_TTL).maximumSize(100_000).build();
        this.workspacesById = Caffeine.newBuilder().expireAfterWrite(configuration.cacheTtl()).maximumSize(100_000).build();
        this.poller = Executors.newSingleThreadScheduledExecutor(
                runnable -> Thread.ofPlatform().daemon().name("tally-revocation-poll").unstarted(runnable));
        long intervalMillis = configuration.revocationPollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::pollSafely, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** The credential when it can be resolved from memory alone; empty when the store must be asked. */
    public Optional<Credential> resolveCached(String token) {
        Optional<Credential> withoutStore = resolveWithoutStore(token);
        if (withoutStore.isPresent()) {
            return withoutStore;
        }
        String hash = ApiKeySecret.hash(token);
        if (unknownHashes.getIfPresent(hash) != null) {
            return Optional.of(new Credential.Unknown());
        }
        KeyLookup lookup = keysByHash.getIfPresent(hash);
        if (lookup == null) {
            return Optional.empty();
        }
        if (!(lookup instanceof KeyLookup.Found found) || found.key().revoked()) {
            return Optional.of(credential(lookup, Optional.empty()));
        }
        Optional<WorkspaceRecord> workspace = workspacesById.getIfPresent(found.key().workspaceId());
        return workspace == null ? Optional.empty() : Optional.of(credential(lookup, workspace.map(WorkspaceRecord::workspace)));
    }

    /** The credential, asking ClickHouse on a cache miss: call it off the event loop. */
    public Credential resolve(String token) {
        Optional<Credential> withoutStore = resolveWithoutStore(token);
        if (withoutStore.isPresent()) {
            return withoutStore.get();
        }
        String hash = ApiKeySecret.hash(token);
        if (unknownHashes.getIfPresent(hash) != null) {
            return new Credential.Unknown();
        }
        KeyLookup lookup = keysByHash.get(hash, this::load);
        if (lookup instanceof KeyLookup.Absent) {
            keysByHash.invalidate(hash);
            unknownHashes.put(hash, Boolean.TRUE);
        }
        if (lookup instanceof KeyLookup.Found found && !found.key().revoked()) {
            return credential(lookup, workspacesById.get(found.key().workspaceId(), this::loadWorkspace).map(WorkspaceRecord::workspace));
        }
        return credential(lookup, Optional.empty());
    }

    /** Drops what this instance knows about a key, e.g. right after revoking it here. */
    void invalidateKey(String keyHash) {
        keysByHash.invalidate(keyHash);
        unknownHashes.invalidate(keyHash);
    }

    void invalidateWorkspace(String workspaceId) {
        workspacesById.invalidate(workspaceId);
    }

    private Optional<Credential> resolveWithoutStore(String token) {
        if (admin.enabled() && ApiKeySecret.constantTimeEquals(token, admin.token())) {
            return Optional.of(new Credential.Admin());
        }
        if (!ApiKeySecret.isWellFormed(token)) {
            return Optional.of(new Credential.Malformed());
        }
        return Optional.empty();
    }

    private KeyLookup load(String hash) {
        return keys.findByHash(hash)
                // The lookup already matched the hash; compare again in constant time so no code path
                // decides on a secret-derived value with an early-exit comparison.
                .filter(stored -> MessageDigest.isEqual(stored.keyHash().getBytes(StandardCharsets.US_ASCII),
                        hash.getBytes(StandardCharsets.US_ASCII)))
                .<KeyLookup>map(stored -> new KeyLookup.Found(stored.key(), stored.updatedAt()))
                .orElse(new KeyLookup.Absent());
    }

    private Optional<WorkspaceRecord> loadWorkspace(String id) {
        return workspaces.find(id);
    }

    private static Credential credential(KeyLookup lookup, Optional<Workspace> workspace) {
        return switch (lookup) {
            case KeyLookup.Absent absent -> new Credential.Unknown();
            case KeyLookup.Found found when found.key().revoked() -> new Credential.Revoked();
            case KeyLookup.Found found -> workspace.<Credential>map(w -> new Credential.Valid(found.key(), w))
                    .orElseGet(Credential.Unknown::new);
        };
    }

    /**
     * One poll: drops the entries of keys and workspaces with a version this instance has not seen yet.
     * Each poll looks back to the previous poll's start minus the overlap; versions already acted on are
     * remembered (for the overlap window) so a change invalidates once, not on every poll.
     */
    synchronized void poll() {
        Instant start = Instant.now();
        Instant since = lastPollStart.minus(configuration.revocationPollOverlap());
        Map<String, Instant> keyVersions = keys.changedSince(since);
        List<String> changedKeys = unseen(keyVersions, seenKeyVersions, since);
        // An entry loaded at (or after) the changed version already holds that change: typically a key used
        // right after it was issued. Dropping it anyway would send its next request to the engine, and an
        // address over its failed-lookup allowance would then be refused for a key that works.
        keysByHash.invalidateAll(changedKeys.stream()
                .filter(hash -> !(keysByHash.getIfPresent(hash) instanceof KeyLookup.Found found)
                        || found.version().isBefore(keyVersions.get(hash)))
                .toList());
        unknownHashes.invalidateAll(changedKeys);
        Map<String, Instant> workspaceVersions = workspaces.changedSince(since);
        workspacesById.invalidateAll(unseen(workspaceVersions, seenWorkspaceVersions, since).stream()
                .filter(id -> !holdsAtLeast(workspacesById.getIfPresent(id), workspaceVersions.get(id)))
                .toList());
        lastPollStart = start;
    }

    private static boolean holdsAtLeast(Optional<WorkspaceRecord> cached, Instant version) {
        return cached != null && cached.isPresent() && !cached.get().updatedAt().isBefore(version);
    }

    private static List<String> unseen(Map<String, Instant> versions, Map<String, Instant> seen, Instant since) {
        List<String> changed = new ArrayList<>();
        versions.forEach((id, version) -> {
            Instant previous = seen.get(id);
            if (previous == null || version.isAfter(previous)) {
                changed.add(id);
                seen.put(id, version);
            }
        });
        seen.values().removeIf(version -> version.isBefore(since));
        return changed;
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            // A failed poll (engine busy or closing) is retried at the next tick; entries stay bounded by their TTL.
            LOG.warn("Revocation poll failed: {}", e.getMessage());
        }
    }

    Duration pollInterval() {
        return configuration.revocationPollInterval();
    }

    @Override
    @PreDestroy
    public void close() {
        poller.shutdownNow();
    }

    private sealed interface KeyLookup {
        /** {@code version}: the stored row's {@code updated_at}, so a poll can tell a change it already holds. */
        record Found(ApiKey key, Instant version) implements KeyLookup {
        }

        record Absent() implements KeyLookup {
        }
    }
}
