package dev.tally.api.export;

import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.Map;

/** Bounds running exports per API key and per instance; a slot is held until its stream is closed. */
@Singleton
final class ExportSlots {
    private final ExportConfiguration configuration;
    private final Map<String, Integer> runningByKey = new HashMap<>();
    private int running;

    ExportSlots(ExportConfiguration configuration) {
        this.configuration = configuration;
    }

    /** Takes a slot for {@code keyId}, or throws {@link ExportBusyException}; give it back with the returned runnable. */
    synchronized Runnable take(String keyId) {
        int forKey = runningByKey.getOrDefault(keyId, 0);
        if (forKey >= configuration.maxConcurrentPerKey()) {
            throw new ExportBusyException("This API key already runs " + forKey + " exports, the most it may run at once;"
                    + " retry when one has finished.");
        }
        if (running >= configuration.maxConcurrent()) {
            throw new ExportBusyException("The server already runs " + running + " exports, the most it runs at once; retry shortly.");
        }
        runningByKey.put(keyId, forKey + 1);
        running++;
        boolean[] released = {false};
        return () -> {
            synchronized (this) {
                if (!released[0]) {
                    released[0] = true;
                    running--;
                    runningByKey.computeIfPresent(keyId, (key, count) -> count == 1 ? null : count - 1);
                }
            }
        };
    }
}
