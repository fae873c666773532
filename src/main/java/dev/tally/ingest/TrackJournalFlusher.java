package dev.tally.ingest;

import io.micronaut.context.annotation.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Moves journaled {@code /track} rows into the engine (ADR 0170): every {@code flush-millis}, or at once when
 * {@code flush-rows} wait, the oldest rows go in one insert through {@link InsertBatcher} (so the rollup
 * journal, the data-version bump and the metrics happen as for any insert), then their ledger claims are
 * committed, the read barrier ({@code PendingWrites}) released and finished segments deleted. A failed
 * insert keeps the rows journaled; they are retried, oldest first, with a growing pause.
 *
 * <p>At start-up, before the HTTP server accepts a request (this bean is created with the context), the
 * segments an earlier process left are read and inserted, skipping ids already in {@code events} — so a
 * crash between an insert and its segment's deletion writes nothing twice. The replay runs even with the
 * journal turned off, so nothing journaled earlier is left behind.
 */
@Context
final class TrackJournalFlusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrackJournalFlusher.class);
    private static final long FIRST_PAUSE_MILLIS = 100;
    private static final long LONGEST_PAUSE_MILLIS = 5_000;
    /** A start-up replay that keeps failing gives up after this and leaves the rows to the background. */
    private static final long REPLAY_MILLIS = 20_000;
    /** How long a shutdown spends writing what the journal holds (within ProcessExit's budget). */
    private static final long CLOSE_FLUSH_MILLIS = 2_000;

    private final TrackJournal journal;
    private final InsertBatcher batcher;
    private final EventIdLedger ledger;
    private final long flushMillis;
    private final int flushRows;
    private final Thread flusher;
    private volatile boolean closed;
    // One insert of journaled rows at a time: the loop and a shutdown's drain would otherwise take the same rows.
    private final Object inserting = new Object();

    TrackJournalFlusher(TrackJournal journal, InsertBatcher batcher, EventIdLedger ledger, TrackJournalConfiguration configuration,
                        IngestShutdown shutdown) {
        this.journal = journal;
        this.batcher = batcher;
        this.ledger = ledger;
        this.flushMillis = configuration.flushMillis();
        this.flushRows = configuration.flushRows();
        journal.recover(ledger::claim);
        int replayed = journal.waiting();
        if (replayed > 0) {
            long started = System.nanoTime();
            drain(System.currentTimeMillis() + REPLAY_MILLIS);
            LOG.info("track journal: replayed {} events of an earlier run in {} ms ({} still waiting)", replayed,
                    (System.nanoTime() - started) / 1_000_000, journal.waiting());
        }
        shutdown.register(this);
        this.flusher = Thread.ofPlatform().daemon().name("tally-track-flush").start(this::flushLoop);
    }

    private void flushLoop() {
        long pause = FIRST_PAUSE_MILLIS;
        while (!closed) {
            try {
                boolean inserted;
                synchronized (inserting) {
                    List<JournaledRow> rows = journal.next(flushRows, flushMillis, () -> closed);
                    if (rows.isEmpty() || closed) {
                        continue;
                    }
                    inserted = insert(rows);
                }
                if (inserted) {
                    pause = FIRST_PAUSE_MILLIS;
                } else {
                    Thread.sleep(pause);
                    pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("track journal flush failed: {}", e.toString());
            }
        }
    }

    /** Inserts waiting rows until none is left or the deadline passes; answers whether none is left. */
    private boolean drain(long deadlineMillis) {
        long pause = FIRST_PAUSE_MILLIS;
        while (journal.waiting() > 0 && System.currentTimeMillis() < deadlineMillis) {
            try {
                boolean inserted;
                synchronized (inserting) {
                    inserted = insert(journal.next(flushRows, 0, () -> true));
                }
                if (!inserted) {
                    Thread.sleep(Math.min(pause, Math.max(1, deadlineMillis - System.currentTimeMillis())));
                    pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return journal.waiting() == 0;
    }

    /** One insert of the rows (oldest first); false when the engine refused it (the rows stay journaled). */
    private boolean insert(List<JournaledRow> rows) throws InterruptedException {
        List<byte[]> chunks = new ArrayList<>(rows.size());
        Set<TouchedDay> touched = new HashSet<>();
        for (JournaledRow row : rows) {
            if (!row.stored()) {
                chunks.add(row.row());
                touched.add(row.touched());
            }
        }
        try {
            batcher.await(batcher.submit(chunks, chunks.size(), touched));
        } catch (ExecutionException e) {
            LOG.warn("inserting {} journaled track events failed (kept, retried): {}", chunks.size(), e.getCause().getMessage());
            return false;
        }
        for (JournaledRow row : rows) {
            if (row.claim() != null && row.claim().rowInserted()) {
                ledger.commit(row.claim().claim());
            }
        }
        journal.inserted(rows);
        return true;
    }

    /** Shutdown: stop accepting, write what is journaled within the budget; the rest stays for the next start. */
    @Override
    public void close() {
        long deadline = System.currentTimeMillis() + CLOSE_FLUSH_MILLIS;
        closed = true;
        journal.close();
        try {
            flusher.join(Math.max(1, deadline - System.currentTimeMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!drain(deadline)) {
            LOG.info("track journal: {} events stay journaled, inserted at the next start", journal.waiting());
        }
    }
}
