package dev.tally.bi;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The BI statements running now, by key and by the client's query id, each with the {@code log_comment}
 * only Tally knows, so that a driver's {@code cancel()} ({@code KILL QUERY WHERE query_id = '…'}) stops
 * exactly that key's own statement and nothing else.
 */
final class RunningQueries {
    /**
     * Tricky: the 0.9 driver's {@code cancel()} sends {@code query_id = 'null'} (it has not learnt the id of
     * the statement it cancels); that cancels the key's most recently started statement.
     */
    static final String DRIVER_UNKNOWN_ID = "null";

    private final Map<String, Map<String, Running>> byKey = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** Registers a statement; false when the key already runs one with this query id. */
    boolean start(String keyId, String queryId, String comment) {
        Running running = new Running(comment, sequence.incrementAndGet());
        return byKey.computeIfAbsent(keyId, ignored -> new ConcurrentHashMap<>()).putIfAbsent(queryId, running) == null;
    }

    void finish(String keyId, String queryId) {
        byKey.computeIfPresent(keyId, (ignored, queries) -> {
            queries.remove(queryId);
            return queries.isEmpty() ? null : queries;
        });
    }

    /** The comment of the key's statement with this query id, when it runs. */
    Optional<String> comment(String keyId, String queryId) {
        Map<String, Running> queries = byKey.getOrDefault(keyId, Map.of());
        Running running = queries.get(queryId);
        if (running == null && queryId.equals(DRIVER_UNKNOWN_ID)) {
            running = queries.values().stream().max(Comparator.comparingLong(Running::started)).orElse(null);
        }
        return Optional.ofNullable(running).map(Running::comment);
    }

    int running(String keyId) {
        return byKey.getOrDefault(keyId, Map.of()).size();
    }

    private record Running(String comment, long started) {
    }
}
