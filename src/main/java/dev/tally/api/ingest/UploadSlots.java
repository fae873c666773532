package dev.tally.api.ingest;

import jakarta.inject.Singleton;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batch uploads in progress per API key, capped so one key cannot hold every upload thread (issue 11,
 * defect 2). An upload that finds its key's slots taken waits for one, first come first served, for at most
 * {@code max-wait}, and at most {@code max-waiting-per-key} uploads of a key wait at once; past either bound
 * it is refused (429 with {@code Retry-After}). A waiting upload has not been asked for its body yet and
 * waits on a virtual thread, so it holds a connection, never an IO thread (ADR 0155).
 */
@Singleton
final class UploadSlots {
    /** What a refused upload is told to wait before retrying: a slot frees when one of the key's uploads ends. */
    static final long RETRY_AFTER_SECONDS = 1;

    private final ConcurrentHashMap<String, KeySlots> keys = new ConcurrentHashMap<>();
    private final int maxPerKey;
    private final int maxWaitingPerKey;
    private final long maxWaitNanos;

    UploadSlots(UploadConfiguration configuration) {
        this.maxPerKey = configuration.maxConcurrentPerKey();
        this.maxWaitingPerKey = configuration.maxWaitingPerKey();
        this.maxWaitNanos = configuration.maxWait().toNanos();
    }

    /**
     * Takes a slot for the key, waiting for one up to {@code max-wait}; false (and nothing taken) when none
     * became free in time or too many of the key's uploads wait already.
     */
    boolean acquire(String keyId) {
        KeySlots slots = pin(keyId);
        boolean taken = false;
        try {
            // Tricky: with a fair semaphore a zero-timeout tryAcquire queues behind earlier waiters, where the
            // untimed tryAcquire() would jump the line.
            taken = slots.permits.tryAcquire(0, TimeUnit.NANOSECONDS);
            if (!taken && maxWaitNanos > 0) {
                try {
                    if (slots.waiting.incrementAndGet() <= maxWaitingPerKey) {
                        taken = slots.permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
                    }
                } finally {
                    slots.waiting.decrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!taken) {
                unpin(keyId);
            }
        }
        return taken;
    }

    void release(String keyId) {
        keys.get(keyId).permits.release();
        unpin(keyId);
    }

    /** Uploads of the key in its line now (waiting for a slot, or about to), for tests that wait for a line to form. */
    int waiting(String keyId) {
        KeySlots slots = keys.get(keyId);
        return slots == null ? 0 : slots.waiting.get();
    }

    int maxPerKey() {
        return maxPerKey;
    }

    /** The refusal an upload gets when {@link #acquire} said no. */
    UploadRefusedException refusal(String uploads) {
        return new UploadRefusedException(io.micronaut.http.HttpStatus.TOO_MANY_REQUESTS, "too_many_uploads", "this API key has "
                + maxPerKey + " " + uploads + " in progress; retry after " + RETRY_AFTER_SECONDS + " s", RETRY_AFTER_SECONDS);
    }

    /** The key's slots, kept in the map while any upload holds or waits for one (so idle keys cost nothing). */
    private KeySlots pin(String keyId) {
        return keys.compute(keyId, (id, slots) -> {
            KeySlots pinned = slots == null ? new KeySlots(maxPerKey) : slots;
            pinned.users++;
            return pinned;
        });
    }

    private void unpin(String keyId) {
        keys.compute(keyId, (id, slots) -> slots == null || --slots.users == 0 ? null : slots);
    }

    /** Mapped count of holders and waiters (changed only inside the map's compute), the slots, the line. */
    private static final class KeySlots {
        final Semaphore permits;
        final AtomicInteger waiting = new AtomicInteger();
        int users;

        KeySlots(int maxPerKey) {
            this.permits = new Semaphore(maxPerKey, true);
        }
    }
}
