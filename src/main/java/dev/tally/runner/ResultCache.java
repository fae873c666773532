package dev.tally.runner;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tally.store.DataVersions;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * An exact cache of the runner's answers. An entry's key is the whole question (an {@code AnalyticsQuery},
 * which holds the workspace, the absolute time range, the time zone and every filter) plus the workspace's
 * data version read <em>before</em> the answer is computed, so a change committed to the workspace
 * (ingest, a link edit or deletion bumps {@link DataVersions}) makes every older entry unreachable; they
 * age out by size. Two workspaces never share an entry: the workspace is part of every key.
 *
 * <p>Concurrent misses of one key each compute (no lock is held over an engine call); the last to finish
 * stores its answer, and every one of them is exact for the version it read.
 */
@Singleton
public final class ResultCache {
    private final DataVersions versions;
    private final Cache<Key, Object> entries;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public ResultCache(DataVersions versions, CacheConfiguration configuration) {
        this.versions = versions;
        this.entries = configuration.enabled() && configuration.maximumRows() > 0
                ? Caffeine.newBuilder().maximumWeight(configuration.maximumRows())
                        .weigher((Key key, Object value) -> ((Weighed) value).weight()).build()
                : null;
    }

    /**
     * The answer to {@code question} of kind {@code kind} in the workspace, from the cache when it holds one
     * for the workspace's current data version, else computed (and kept, weighing {@code rows} of it + 1).
     */
    @SuppressWarnings("unchecked")
    <T> Cached<T> get(String kind, String workspaceId, Object question, Supplier<T> compute, ToIntFunction<T> rows) {
        if (entries == null) {
            misses.increment();
            return new Cached<>(compute.get(), false);
        }
        Key key = new Key(kind, workspaceId, question, versions.current(workspaceId));
        Object held = entries.getIfPresent(key);
        if (held != null) {
            hits.increment();
            return new Cached<>((T) ((Weighed) held).value(), true);
        }
        misses.increment();
        T value = compute.get();
        entries.put(key, new Weighed(value, rows.applyAsInt(value) + 1));
        return new Cached<>(value, false);
    }

    /** Hits and misses since start (every answer counts once; with the cache off, all are misses) and entries held. */
    public CacheStats stats() {
        return new CacheStats(hits.sum(), misses.sum(), entries == null ? 0 : entries.estimatedSize());
    }

    private record Key(String kind, String workspaceId, Object question, long version) {
    }

    private record Weighed(Object value, int weight) {
    }
}
