package dev.tally.ingest;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.TreeMap;

/**
 * The inserts into {@code events} this instance has started and not yet finished, by start time: what an
 * incremental export needs to know which ingestion times have settled.
 *
 * <p>Tricky: the engine stamps {@code ingested_at} with {@code now64(3)} once per INSERT, at its start,
 * while a big insert becomes visible part by part over seconds (notes/exports.md). An insert is recorded
 * here before it is handed to the engine, so its stamp is at or after its recorded start; so every row
 * stamped at or before {@link #settled()} belongs to an insert that has already returned (is visible in
 * full), and no insert starting later can stamp a row at or before it.
 */
@Singleton
public final class InFlightInserts {
    private final Clock clock;
    private final TreeMap<Long, Integer> startsByMillis = new TreeMap<>();
    private long lastSettled = Long.MIN_VALUE;

    public InFlightInserts() {
        this(Clock.systemUTC());
    }

    InFlightInserts(Clock clock) {
        this.clock = clock;
    }

    /** Records an insert about to start; pass the answer to {@link #end}. */
    public synchronized long begin() {
        long start = clock.millis();
        startsByMillis.merge(start, 1, Integer::sum);
        return start;
    }

    /** The insert that {@link #begin} answered {@code start} for has returned, committed or failed. */
    public synchronized void end(long start) {
        startsByMillis.computeIfPresent(start, (millis, count) -> count == 1 ? null : count - 1);
    }

    /**
     * The latest ingestion time at or before which every insert of this instance has finished: a
     * millisecond before the oldest insert still running, or before now when none is. Never goes back.
     */
    public synchronized Instant settled() {
        long bound = clock.millis() - 1;
        if (!startsByMillis.isEmpty()) {
            bound = Math.min(bound, startsByMillis.firstKey() - 1);
        }
        lastSettled = Math.max(lastSettled, bound);
        return Instant.ofEpochMilli(lastSettled);
    }
}
