package dev.tally.api.ingest;

import jakarta.inject.Singleton;

import java.util.concurrent.ConcurrentHashMap;

/** Batch uploads in progress per API key, capped so one key cannot hold every upload thread. */
@Singleton
final class UploadSlots {
    private final ConcurrentHashMap<String, Integer> inProgress = new ConcurrentHashMap<>();
    private final int maxPerKey;

    UploadSlots(UploadConfiguration configuration) {
        this.maxPerKey = configuration.maxConcurrentPerKey();
    }

    /** Takes a slot for the key; false (and nothing taken) when it has {@code maxPerKey} already. */
    boolean tryAcquire(String keyId) {
        boolean[] taken = {false};
        inProgress.compute(keyId, (id, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerKey) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        return taken[0];
    }

    void release(String keyId) {
        inProgress.compute(keyId, (id, count) -> count == null || count <= 1 ? null : count - 1);
    }

    int maxPerKey() {
        return maxPerKey;
    }
}
