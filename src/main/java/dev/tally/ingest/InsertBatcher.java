package dev.tally.ingest;

import dev.tally.store.ClickHouse;
import dev.tally.store.DataVersions;
import dev.tally.store.InputFormat;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Coalesces the rows of concurrent requests into few large {@code INSERT … FORMAT RowBinary}
 * statements (ClickHouse wants few big inserts, not many small ones). A request's future completes only
 * after the insert carrying its rows has returned, i.e. after they are committed and visible; if that
 * insert fails, every request in it fails and none of them is acknowledged.
 */
@Singleton
public final class InsertBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InsertBatcher.class);
    /** How long rows may wait in the queue before they are withdrawn, unwritten, and the request fails. */
    static final Duration QUEUE_WAIT = Duration.ofSeconds(30);
    /**
     * Encoded bytes coalesced into one insert at most (a request bigger than this still goes in one). Tricky:
     * the engine's memory for an insert grows with its bytes (columns, the sort, the projection's copy, one
     * part per rollup): coalescing eight 64 MiB batches into inserts of up to 500,000 rows took the process
     * to 2.7 GB RSS (BatchRssTest, ADR 0150).
     */
    static final long MAX_BYTES_PER_INSERT = 64L << 20;
    /** How long a shutdown waits for queued and running inserts (within ProcessExit's budget). */
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final ClickHouse clickHouse;
    private final RollupRepair rollups;
    private final InFlightInserts inFlight;
    private final DataVersions versions;
    private final IngestMetrics metrics;
    private final int maxRowsPerInsert;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean closed;

    InsertBatcher(ClickHouse clickHouse, RollupRepair rollups, IngestConfiguration configuration, IngestShutdown shutdown,
                  InFlightInserts inFlight, DataVersions versions, IngestMetrics metrics) {
        this.clickHouse = clickHouse;
        this.versions = versions;
        this.metrics = metrics;
        this.rollups = rollups;
        this.inFlight = inFlight;
        this.maxRowsPerInsert = configuration.maxRowsPerInsert();
        for (int i = 0; i < configuration.insertThreads(); i++) {
            // Platform threads: a chDB call must not pin a virtual thread's carrier.
            writers.add(Thread.ofPlatform().daemon().name("tally-insert-" + i).start(this::writeLoop));
        }
        shutdown.register(this);
    }

    /** Queues RowBinary chunks holding {@code rows} rows of the given days; completes when they are committed. */
    public CompletableFuture<Void> submit(List<byte[]> chunks, long rows, Set<TouchedDay> touched) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("ingest is shutting down"));
        }
        Pending pending = new Pending(chunks, rows, touched, new CompletableFuture<>());
        if (rows == 0) {
            pending.done().complete(null);
        } else {
            queue.add(pending);
        }
        return pending.done();
    }

    /**
     * Waits for a submitted insert. One still queued after {@link #QUEUE_WAIT} is withdrawn (nothing of it
     * is written) and fails; one already being written is awaited to its end, which ClickHouse's
     * max_execution_time bounds.
     */
    public void await(CompletableFuture<Void> done) throws InterruptedException, ExecutionException {
        try {
            done.get(QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (queue.removeIf(pending -> pending.done() == done)) {
                throw new ExecutionException("the rows waited " + QUEUE_WAIT.toSeconds()
                        + " s for the engine without being written", e);
            }
            done.get();
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long rows = first.rows();
                long bytes = first.bytes();
                Pending next;
                while (rows < maxRowsPerInsert && (next = queue.peek()) != null && rows + next.rows() <= maxRowsPerInsert
                        && bytes + next.bytes() <= MAX_BYTES_PER_INSERT) {
                    Pending taken = queue.poll();
                    if (taken == null) {
                        break;
                    }
                    batch.add(taken);
                    rows += taken.rows();
                    bytes += taken.bytes();
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
        Set<TouchedDay> touched = new HashSet<>();
        for (Pending pending : batch) {
            touched.addAll(pending.touched());
        }
        long startedNanos = System.nanoTime();
        boolean ok = false;
        try {
            long written = rollups.insert(touched, () -> clickHouse.insert(RowBinaryEncoder.INSERT_TARGET, InputFormat.ROW_BINARY,
                    concatenated(batch), () -> deduplicationToken(batch)));
            // The engine counts the rows its views wrote too, so more than asked is normal; fewer is not.
            if (written < rows) {
                LOG.warn("insert of {} rows reported only {} written", rows, written);
            }
            // Committed, not yet acknowledged: cached answers of these workspaces go stale now (ADR 0100).
            touched.stream().map(TouchedDay::workspaceId).distinct().forEach(versions::bump);
            ok = true;
            for (Pending pending : batch) {
                pending.done().complete(null);
            }
        } catch (RuntimeException e) {
            LOG.warn("insert of {} rows from {} requests failed: {}", rows, batch.size(), e.getMessage());
            for (Pending pending : batch) {
                pending.done().completeExceptionally(e);
            }
        } finally {
            metrics.insert(rows, System.nanoTime() - startedNanos, ok);
            inFlight.end(started);
        }
    }

    /** The rows' SHA-256: a server that sees the same insert twice (a client retry) writes it once. */
    private static String deduplicationToken(List<Pending> batch) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Pending pending : batch) {
            for (byte[] chunk : pending.chunks()) {
                digest.update(chunk);
            }
        }
        return "tally-" + HexFormat.of().formatHex(digest.digest());
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
        long deadline = System.currentTimeMillis() + CLOSE_WAIT_MILLIS;
        for (Thread writer : writers) {
            try {
                writer.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Pending(List<byte[]> chunks, long rows, Set<TouchedDay> touched, CompletableFuture<Void> done) {
        long bytes() {
            long bytes = 0;
            for (byte[] chunk : chunks) {
                bytes += chunk.length;
            }
            return bytes;
        }
    }
}
