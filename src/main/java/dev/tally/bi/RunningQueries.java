package dev.tally.bi;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private static final int KILL_REPEATS = 20;
    private static final long KILL_REPEAT_MILLIS = 100;

    private final Map<String, Map<String, Running>> byKey = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** Registers a statement; false when the key already runs one with this query id. */
    boolean start(String keyId, String queryId, String comment) {
        Running running = new Running(comment, sequence.incrementAndGet(), new AtomicBoolean());
        return byKey.computeIfAbsent(keyId, ignored -> new ConcurrentHashMap<>()).putIfAbsent(queryId, running) == null;
    }

    void finish(String keyId, String queryId) {
        byKey.computeIfPresent(keyId, (ignored, queries) -> {
            queries.remove(queryId);
            return queries.isEmpty() ? null : queries;
        });
    }

    /**
     * Marks the key's statement with this query id cancelled, when it runs, and gives its comment. The mark
     * matters when the cancel arrives before the engine runs the statement (while it is guarded): a KILL then
     * finds nothing, and the statement must not start afterwards.
     */
    Optional<String> cancel(String keyId, String queryId) {
        Map<String, Running> queries = byKey.getOrDefault(keyId, Map.of());
        Running running = queries.get(queryId);
        if (running == null && queryId.equals(DRIVER_UNKNOWN_ID)) {
            running = queries.values().stream().max(Comparator.comparingLong(Running::started)).orElse(null);
        }
        return Optional.ofNullable(running).map(marked -> {
            marked.cancelled().set(true);
            return marked.comment();
        });
    }

    /** Whether a cancel marked the statement with this comment. */
    boolean cancelled(String keyId, String queryId) {
        Running running = byKey.getOrDefault(keyId, Map.of()).get(queryId);
        return running != null && running.cancelled().get();
    }

    /**
     * Tricky: between a statement's last look at its cancel mark and the engine listing it, a KILL finds
     * nothing. So while the cancelled statement stays registered, {@code kill} (an ASYNC KILL, harmless on a
     * statement already stopping) runs again every {@value #KILL_REPEAT_MILLIS} ms, at most
     * {@value #KILL_REPEATS} times, on a thread of its own: the cancelling request is answered at once.
     */
    void repeatWhileRunning(String keyId, String comment, Runnable kill) {
        Thread.ofVirtual().name("tally-bi-cancel").start(() -> {
            try {
                for (int attempt = 0; attempt < KILL_REPEATS && runs(keyId, comment); attempt++) {
                    Thread.sleep(KILL_REPEAT_MILLIS);
                    if (runs(keyId, comment)) {
                        kill.run();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // The engine is closing: the statement ends with it.
            }
        });
    }

    private boolean runs(String keyId, String comment) {
        return byKey.getOrDefault(keyId, Map.of()).values().stream().anyMatch(running -> running.comment().equals(comment));
    }

    int running(String keyId) {
        return byKey.getOrDefault(keyId, Map.of()).size();
    }

    private record Running(String comment, long started, AtomicBoolean cancelled) {
    }
}
