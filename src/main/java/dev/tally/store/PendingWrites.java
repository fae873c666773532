package dev.tally.store;

import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Read-your-writes across the track journal (ADR 0170): events acknowledged from the journal before the
 * engine holds them. Every journaled row gets the next number of one sequence; the journal inserts rows in
 * that order, so "inserted through n" means every row numbered n or less is in the engine (and its
 * workspace's {@link DataVersions} already bumped). Per workspace this keeps the number of its latest
 * acknowledged row; a read of a workspace first waits until the journal has inserted through that number
 * (and a waiting read makes the journal insert at once, so it waits about one insert, not a flush interval).
 *
 * <p>A read of a workspace with nothing pending costs one map lookup and one volatile read. Only this
 * instance's journal is known here: another Tally instance sees a row once it is inserted (within one flush
 * interval plus one insert).
 */
@Singleton
public final class PendingWrites {
    /** How long a read waits for the journal before it is refused (the engine is refusing inserts). */
    public static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> Long.compare(a.through, b.through));
    private volatile long insertedThrough;
    private volatile Runnable readWaiting = () -> {
    };

    /** Called whenever a read has to wait: the journal then inserts what it holds at once, not at its next interval. */
    public void onReadWaiting(Runnable flushNow) {
        this.readWaiting = flushNow;
    }

    /** The journal acknowledges row {@code sequence} of the workspace (call before the answer is sent). */
    public void acknowledged(String workspaceId, long sequence) {
        acknowledged.merge(workspaceId, sequence, Math::max);
    }

    /** Every journaled row numbered {@code sequence} or less is inserted and its workspace's version bumped. */
    public void insertedThrough(long sequence) {
        synchronized (waiters) {
            if (sequence <= insertedThrough) {
                return;
            }
            insertedThrough = sequence;
            while (!waiters.isEmpty() && waiters.peek().through <= sequence) {
                waiters.poll().ready.complete(null);
            }
        }
        // Forget workspaces whose rows are all in: the map holds only workspaces with rows pending.
        acknowledged.entrySet().removeIf(entry -> entry.getValue() <= sequence);
    }

    /** Completes once every row of the workspace acknowledged before this call is inserted (at once when none is pending). */
    public CompletableFuture<Void> visible(String workspaceId) {
        Long through = acknowledged.get(workspaceId);
        if (through == null || through <= insertedThrough) {
            return CompletableFuture.completedFuture(null);
        }
        Waiter waiter = new Waiter(through, new CompletableFuture<>());
        synchronized (waiters) {
            if (through <= insertedThrough) {
                return CompletableFuture.completedFuture(null);
            }
            waiters.add(waiter);
        }
        readWaiting.run();
        return waiter.ready;
    }

    /** {@link #visible} for a caller that may block (never the event loop); refuses after {@link #MAX_WAIT}. */
    public void awaitVisible(String workspaceId) {
        CompletableFuture<Void> ready = visible(workspaceId);
        if (ready.isDone()) {
            return;
        }
        try {
            ready.get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(0, "interrupted while waiting for acknowledged events to be inserted");
        } catch (ExecutionException | TimeoutException e) {
            throw notInserted();
        }
    }

    /** The refusal when acknowledged events stay uninserted for {@link #MAX_WAIT}. */
    public static StoreException notInserted() {
        return new StoreException(0, "events acknowledged for this workspace have not been inserted for "
                + MAX_WAIT.toSeconds() + " s (the engine refuses inserts); retry later");
    }

    /** Rows acknowledged and not yet inserted exist for the workspace (a hint: may change at once). */
    public boolean pending(String workspaceId) {
        Long through = acknowledged.get(workspaceId);
        return through != null && through > insertedThrough;
    }

    private record Waiter(long through, CompletableFuture<Void> ready) {
    }
}
