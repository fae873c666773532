package dev.tally.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bytes of one export as the engine encodes them, read as they come (never held whole).
 *
 * <p>Nothing is "ok" until it is: {@link #start()} waits for the first bytes (or the end) so that a
 * statement the engine refuses is a {@link StoreException} before the caller has answered anything; a
 * failure after that makes {@link #read} throw instead of reporting the end, so a broken export never
 * looks complete. Closing before the end stops the engine's statement.
 *
 * <p>Read it as a stream of arrays or, to spare the copies, as a channel into a (direct) buffer: from a pipe the
 * kernel then copies straight into the caller's buffer, with no temporary direct buffer and no heap array between
 * (docs/adr/0175-export-reads-into-direct-buffers.md).
 */
public final class ExportStream extends InputStream implements ReadableByteChannel {
    private static final int HEAD_BYTES = 64 * 1024;
    private static final long END_WAIT_SECONDS = 60;
    private static final int QUERY_WAS_CANCELLED = 394;

    private static final int TRANSFER_BYTES = 256 * 1024;

    private final InputStream source;
    /** The source as a channel when it is one (a pipe); otherwise buffers are filled through {@link #transfer}. */
    private final ReadableByteChannel channel;
    private final Future<?> outcome;
    private final Runnable cancel;
    private final boolean drainAfterCancel;
    private final Runnable release;
    private final String queryTag;
    private byte[] head = new byte[0];
    private byte[] transfer;
    private int headPosition;
    private boolean started;
    private boolean ended;
    private boolean closed;
    private volatile boolean cancelledByEngine;

    /**
     * @param source           the encoded bytes; ends when the engine stops writing
     * @param outcome          completes when the engine's statement ends, exceptionally if it failed
     * @param cancel           stops the statement; may be called more than once
     * @param drainAfterCancel whether the source must be read to its end after a cancel (a pipe whose writer
     *                         would otherwise block)
     * @param release          frees what the export holds, once, after it ended or was cancelled
     * @param queryTag         names the statement in the engine's process list
     */
    ExportStream(InputStream source, Future<?> outcome, Runnable cancel, boolean drainAfterCancel, Runnable release, String queryTag) {
        this(source, null, outcome, cancel, drainAfterCancel, release, queryTag);
    }

    /** As above, reading the bytes from {@code source} (a pipe), also straight into buffers ({@link #read(ByteBuffer)}). */
    ExportStream(ReadableByteChannel source, Future<?> outcome, Runnable cancel, boolean drainAfterCancel, Runnable release, String queryTag) {
        this(Channels.newInputStream(source), source, outcome, cancel, drainAfterCancel, release, queryTag);
    }

    private ExportStream(InputStream source, ReadableByteChannel channel, Future<?> outcome, Runnable cancel, boolean drainAfterCancel,
                         Runnable release, String queryTag) {
        this.source = source;
        this.channel = channel;
        this.outcome = outcome;
        this.cancel = cancel;
        this.drainAfterCancel = drainAfterCancel;
        this.release = release;
        this.queryTag = queryTag;
    }

    /** The marker the export's statement carries in the engine's process list ({@code system.processes.query}). */
    public String queryTag() {
        return queryTag;
    }

    /** Whether closing before the end stopped the engine's statement (it ended as cancelled, not complete). */
    public boolean cancelledByEngine() {
        return cancelledByEngine;
    }

    /**
     * Blocks until the engine wrote its first bytes or finished. Throws the engine's {@link StoreException}
     * when it failed before writing anything.
     */
    public void start() {
        if (started) {
            return;
        }
        started = true;
        byte[] buffer = new byte[HEAD_BYTES];
        try {
            int read = source.read(buffer, 0, buffer.length);
            if (read > 0) {
                head = java.util.Arrays.copyOf(buffer, read);
                return;
            }
            awaitOutcome();
            ended = true;
        } catch (IOException e) {
            close();
            throw new StoreException(0, "the export could not be read: " + e.getMessage(), e);
        } catch (StoreException e) {
            close();
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("the export is closed");
        }
        if (!started) {
            start();
        }
        if (length == 0) {
            return 0;
        }
        if (headPosition < head.length) {
            int count = Math.min(length, head.length - headPosition);
            System.arraycopy(head, headPosition, buffer, offset, count);
            headPosition += count;
            return count;
        }
        if (ended) {
            return -1;
        }
        int read = source.read(buffer, offset, length);
        return read >= 0 ? read : end();
    }

    /** Reads into {@code target} (as {@link #read(byte[], int, int)} does into an array); from a pipe with no copy between. */
    @Override
    public int read(ByteBuffer target) throws IOException {
        if (closed) {
            throw new IOException("the export is closed");
        }
        if (!started) {
            start();
        }
        if (!target.hasRemaining()) {
            return 0;
        }
        if (headPosition < head.length) {
            int count = Math.min(target.remaining(), head.length - headPosition);
            target.put(head, headPosition, count);
            headPosition += count;
            return count;
        }
        if (ended) {
            return -1;
        }
        int read;
        if (channel != null) {
            read = channel.read(target);
        } else {
            if (transfer == null) {
                transfer = new byte[TRANSFER_BYTES];
            }
            read = source.read(transfer, 0, Math.min(transfer.length, target.remaining()));
            if (read > 0) {
                target.put(transfer, 0, read);
            }
        }
        return read >= 0 ? read : end();
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    /** The source ended: the end of the export if the statement succeeded, otherwise the failure. */
    private int end() throws IOException {
        try {
            awaitOutcome();
        } catch (StoreException e) {
            throw new IOException("the export failed after it began: " + e.getMessage(), e);
        }
        ended = true;
        return -1;
    }

    /** Closing before the end cancels the engine's statement (a client that went away). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!ended) {
                cancel.run();
                if (drainAfterCancel) {
                    source.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            source.close();
            try {
                outcome.get(END_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                cancelledByEngine = !ended && e.getCause() instanceof StoreException store && store.code() == QUERY_WAS_CANCELLED;
            } catch (CancellationException | TimeoutException ignored) {
                // Only the statement's end matters here.
            }
        } catch (IOException ignored) {
            // The source is going away anyway.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            release.run();
        }
    }

    private void awaitOutcome() {
        try {
            outcome.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StoreException store ? store
                    : new StoreException(0, String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (CancellationException e) {
            throw new StoreException(0, "the export was cancelled", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(0, "interrupted while exporting", e);
        }
    }
}
