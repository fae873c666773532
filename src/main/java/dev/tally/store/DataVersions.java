package dev.tally.store;

import dev.tally.sql.DataVersionSql;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each workspace's data version: a number that changes whenever the workspace's events or links change,
 * so that an answer cached under one version is never served for another (runner's {@code ResultCache}).
 *
 * <p>Ingest and links {@link #bump} a workspace after its change is committed and before it is
 * acknowledged; this instance's next read sees the new version at once. Tricky: bumping <em>after</em>
 * the commit is what makes it exact: a query that read the old version may still cache an old answer, but
 * only under the old version, and one that reads the new version runs after the commit.
 *
 * <p>Other instances learn of a change through ClickHouse (ADR 0100): on a server, a bump also writes a
 * row to {@code data_versions} at once, on this class's own thread, and every instance polls that table
 * every {@code tally.cache.version-poll-interval} (500 ms) and bumps the workspaces another instance
 * changed. The embedded engine is one process per data directory ({@code DataDirectoryLock}), so there
 * is no other instance to tell and nothing is written.
 */
@Singleton
public final class DataVersions {
    /** How far back each poll reads: much longer than any pause between polls, so no row is missed. */
    static final long LOOKBACK_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(DataVersions.class);

    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();
    private final ClickHouse clickHouse;
    private final String instanceId = UUID.randomUUID().toString();
    private final AtomicLong sequence = new AtomicLong();
    private final Set<String> unpublished = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean publishQueued = new AtomicBoolean();
    /** (workspace, instance) → the latest sequence the previous poll read; rebuilt by each poll, so it stays small. */
    private Map<String, Long> seenSequences = new HashMap<>();
    private final ScheduledExecutorService shared;

    public DataVersions(ClickHouse clickHouse, @Value("${tally.cache.version-poll-interval:500ms}") Duration pollInterval) {
        this.clickHouse = clickHouse;
        if ("server".equals(clickHouse.engine())) {
            this.shared = Executors.newSingleThreadScheduledExecutor(
                    runnable -> Thread.ofPlatform().daemon().name("tally-data-versions").unstarted(runnable));
            shared.scheduleWithFixedDelay(this::pollSafely, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            this.shared = null;
        }
    }

    /** The workspace's current version (0 until its data first changes while this instance runs). */
    public long current(String workspaceId) {
        AtomicLong version = versions.get(workspaceId);
        return version == null ? 0 : version.get();
    }

    /** Marks the workspace's data as changed; call after the change is committed, before acknowledging it. */
    public void bump(String workspaceId) {
        versions.computeIfAbsent(workspaceId, id -> new AtomicLong()).incrementAndGet();
        if (shared != null) {
            unpublished.add(workspaceId);
            if (publishQueued.compareAndSet(false, true)) {
                shared.execute(this::publishSafely);
            }
        }
    }

    @PreDestroy
    void close() {
        if (shared != null) {
            shared.shutdownNow();
        }
    }

    private void publishSafely() {
        publishQueued.set(false);
        List<String> workspaceIds = List.copyOf(unpublished);
        if (workspaceIds.isEmpty()) {
            return;
        }
        unpublished.removeAll(workspaceIds);
        try {
            clickHouse.execute(DataVersionSql.write(instanceId, sequence.incrementAndGet(), workspaceIds));
        } catch (RuntimeException e) {
            // Put back and retried by the next poll: other instances learn later, never not at all.
            unpublished.addAll(workspaceIds);
            LOG.warn("could not publish data versions of {} workspaces: {}", workspaceIds.size(), e.getMessage());
        }
    }

    private void pollSafely() {
        publishSafely();
        try {
            Map<String, Long> seenNow = new HashMap<>();
            for (Row row : clickHouse.query(DataVersionSql.latestWithin(LOOKBACK_SECONDS)).rows()) {
                String instance = row.string("instance_id");
                if (instance.equals(instanceId)) {
                    continue;
                }
                String workspaceId = row.string("workspace_id");
                long latest = row.longValue("sequence");
                String pair = workspaceId + '\n' + instance;
                seenNow.put(pair, latest);
                Long seen = seenSequences.get(pair);
                if (seen == null || seen < latest) {
                    versions.computeIfAbsent(workspaceId, id -> new AtomicLong()).incrementAndGet();
                }
            }
            seenSequences = seenNow;
        } catch (RuntimeException e) {
            LOG.warn("data version poll failed: {}", e.getMessage());
        }
    }
}
