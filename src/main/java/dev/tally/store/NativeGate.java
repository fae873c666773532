package dev.tally.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Process-wide bookkeeping of the chDB library: the connections open and the native calls running, so
 * that at process exit nothing is freed while a thread still uses it (issue 11, defect 5). Every native
 * call of {@link ChdbConnection} runs between {@link #enter} and {@link #leave}; once {@link #closeAll}
 * began, new calls are refused with a {@link StoreException}.
 */
final class NativeGate {
    private static final Object LOCK = new Object();
    private static final Set<ChdbConnection> OPEN = new HashSet<>();
    private static int running;
    private static boolean closing;

    private NativeGate() {
    }

    static void enter() {
        synchronized (LOCK) {
            if (closing) {
                throw new StoreException(0, "the embedded engine is shutting down");
            }
            running++;
        }
    }

    static void leave() {
        synchronized (LOCK) {
            running--;
            LOCK.notifyAll();
        }
    }

    static void opened(ChdbConnection connection) {
        synchronized (LOCK) {
            OPEN.add(connection);
        }
    }

    static void closed(ChdbConnection connection) {
        synchronized (LOCK) {
            OPEN.remove(connection);
        }
    }

    /** Connections open in this process. */
    static int openConnections() {
        synchronized (LOCK) {
            return OPEN.size();
        }
    }

    /**
     * Refuses new native calls, waits until the running ones returned or the deadline passed, then closes
     * every connection still open. Returns false, closing nothing, when calls were still running at the
     * deadline: freeing the engine under them is what crashed the JVM at exit.
     */
    static boolean closeAll(long deadlineNanos) {
        List<ChdbConnection> toClose;
        synchronized (LOCK) {
            closing = true;
            while (running > 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    LOCK.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            toClose = new ArrayList<>(OPEN);
        }
        for (ChdbConnection connection : toClose) {
            connection.close();
        }
        return true;
    }
}
