package dev.tally.ingest;

import dev.tally.store.ClickHouse;
import dev.tally.store.InputFormat;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Coalesces the rows of concurrent requests into few large {@code INSERT … FORMAT RowBinary}
 * statements (ClickHouse wants few big inserts, not many small ones). A request's future completes only
 * after the insert carrying its rows has returned, i.e. after they are committed and visible; if that
 * insert fails, every request in it fails and none of them is acknowledged.
 */
@Singleton
public final class InsertBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InsertBatcher.class);

    private final ClickHouse clickHouse;
    private final InFlightInserts inFlight;
    private final int maxRowsPerInsert;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean closed;

    public InsertBatcher(ClickHouse clickHouse, IngestConfiguration configuration, InFlightInserts inFlight) {
        this.clickHouse = clickHouse;
        this.inFlight = inFlight;
        this.maxRowsPerInsert = configuration.maxRowsPerInsert();
        for (int i = 0; i < configuration.insertThreads(); i++) {
            // Platform threads: a chDB call must not pin a virtual thread's carrier.
            writers.add(Thread.ofPlatform().daemon().name("tally-insert-" + i).start(this::writeLoop));
        }
    }

    /** Queues RowBinary chunks holding {@code rows} rows; completes when they are committed. */
    public CompletableFuture<Void> submit(List<byte[]> chunks, long rows) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("ingest is shutting down"));
        }
        Pending pending = new Pending(chunks, rows, new CompletableFuture<>());
        if (rows == 0) {
            pending.done().complete(null);
        } else {
            queue.add(pending);
        }
        return pending.done();
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long rows = first.rows();
                Pending next;
                while (rows < maxRowsPerInsert && (next = queue.peek()) != null && rows + next.rows() <= maxRowsPerInsert) {
                    Pending taken = queue.poll();
                    if (taken == null) {
                        break;
                    }
                    batch.add(taken);
                    rows += taken.rows();
                }
                write(batch, rows);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch, long rows) {
        // Recorded before the engine stamps ingested_at, released after the insert returned (incremental exports).
        long started = inFlight.begin();
        try {
            long written = clickHouse.insert(RowBinaryEncoder.INSERT_TARGET, InputFormat.ROW_BINARY, concatenated(batch));
            if (written != rows) {
                LOG.warn("insert of {} rows reported {} written", rows, written);
            }
            for (Pending pending : batch) {
                pending.done().complete(null);
            }
        } catch (RuntimeException e) {
            LOG.warn("insert of {} rows from {} requests failed: {}", rows, batch.size(), e.getMessage());
            for (Pending pending : batch) {
                pending.done().completeExceptionally(e);
            }
        } finally {
            inFlight.end(started);
        }
    }

    private static InputStream concatenated(List<Pending> batch) {
        List<InputStream> streams = new ArrayList<>();
        for (Pending pending : batch) {
            for (byte[] chunk : pending.chunks()) {
                streams.add(new ByteArrayInputStream(chunk));
            }
        }
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    @Override
    public void close() {
        closed = true;
        for (Thread writer : writers) {
            try {
                writer.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Pending(List<byte[]> chunks, long rows, CompletableFuture<Void> done) {
    }
}
