package dev.tally.api.export;

import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicLong;

/** How exports ended, counted since start: every one completes, is cancelled by its client going away, or breaks. */
@Singleton
final class ExportOutcomes {
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();

    void completed() {
        completed.incrementAndGet();
    }

    /** The client went away and the engine's statement was stopped. */
    void cancelled() {
        cancelled.incrementAndGet();
    }

    /** The client went away or the export broke, and the statement was not seen to stop early. */
    void abandoned() {
        abandoned.incrementAndGet();
    }

    long completedCount() {
        return completed.get();
    }

    long cancelledCount() {
        return cancelled.get();
    }

    long abandonedCount() {
        return abandoned.get();
    }
}
