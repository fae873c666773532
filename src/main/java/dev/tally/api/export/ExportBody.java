package dev.tally.api.export;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An export's bytes as the HTTP response body: chunks of up to {@value #CHUNK_BYTES} bytes read from the
 * export on a blocking executor only as fast as Netty asks for them (docs/adr/0160-export-response-chunks.md).
 *
 * <p>Why not a {@code StreamedFile}: Micronaut 4.10 reads one into 8 KiB arrays
 * ({@code ExtendedInputStream.readSome}), each a separate hop to the event loop, HTTP chunk and socket write;
 * that capped every uncompressed export at about 150 MB/s whatever its format. One read here takes whatever
 * the pipe holds (up to its 1 MiB buffer), so a chunk is as big as the engine was ahead. The export is read as a
 * channel straight into the chunk's direct buffer: from a pipe the kernel copies into it, with no temporary
 * direct buffer and no heap array between (docs/adr/0175-export-reads-into-direct-buffers.md).
 *
 * <p>Same guarantees: the end of the export completes the body (the chunked terminator); a read that throws
 * (the engine failed after the first bytes) is an error, on which Micronaut closes the connection without the
 * terminator; a cancelled body (the client went away) closes the export, which stops the engine's statement.
 * Reads and the close run one at a time on the executor, never on the event loop; a cancel that arrives while a
 * read waits for the engine takes effect when that read returns.
 */
final class ExportBody implements Publisher<ByteBuf> {
    /** 256 KiB: large enough that per-chunk costs vanish, small enough that a chunk is not a humongous object. */
    static final int CHUNK_BYTES = 256 * 1024;

    private final ReadableByteChannel export;
    private final Executor executor;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    ExportBody(ReadableByteChannel export, Executor executor) {
        this.export = export;
        this.executor = executor;
    }

    /** A 200 whose body is {@code export} (already started), as an attachment named {@code fileName}. */
    static MutableHttpResponse<Publisher<ByteBuf>> response(ReadableByteChannel export, String contentType, String fileName, Executor executor) {
        return HttpResponse.<Publisher<ByteBuf>>ok(new ExportBody(export, executor))
                .contentType(MediaType.of(contentType))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuf> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("an export body is read once"));
            return;
        }
        subscriber.onSubscribe(new Pump(subscriber));
    }

    /** Serial drain loop: {@code wip} counts the signals not yet seen, so at most one run is active. */
    private final class Pump implements Subscription, Runnable {
        private final Subscriber<? super ByteBuf> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private ByteBuf spare;
        private volatile boolean cancelled;
        private volatile Throwable badRequest;
        private boolean done;

        Pump(Subscriber<? super ByteBuf> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                badRequest = new IllegalArgumentException("request must be positive (reactive streams 3.9), was " + n);
            } else {
                demand.getAndAccumulate(n, (current, added) -> current + added < 0 ? Long.MAX_VALUE : current + added);
            }
            schedule();
        }

        @Override
        public void cancel() {
            cancelled = true;
            schedule();
        }

        private void schedule() {
            if (wip.getAndIncrement() == 0) {
                executor.execute(this);
            }
        }

        @Override
        public void run() {
            int missed = 1;
            do {
                drain();
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }

        private void drain() {
            while (!done) {
                if (cancelled) {
                    finish();
                    return;
                }
                if (badRequest != null) {
                    finish();
                    subscriber.onError(badRequest);
                    return;
                }
                if (demand.get() == 0) {
                    return;
                }
                ByteBuf chunk;
                try {
                    chunk = readDirect();
                } catch (IOException | RuntimeException e) {
                    finish();
                    if (!cancelled) {
                        subscriber.onError(e);
                    }
                    return;
                }
                if (chunk == null) {
                    finish();
                    if (!cancelled) {
                        subscriber.onComplete();
                    }
                    return;
                }
                if (cancelled) {
                    chunk.release();
                } else if (chunk.isReadable()) {
                    demand.getAndUpdate(current -> current == Long.MAX_VALUE ? current : current - 1);
                    subscriber.onNext(chunk);
                } else {
                    chunk.release();
                }
            }
        }

        /**
         * One read from the pipe straight into a direct buffer (the kernel copies into it; ADR 0175), or null at
         * the end. A short read is copied into a buffer of its size, so that a slow export (Parquet between row
         * groups) does not hold a mostly empty {@value #CHUNK_BYTES} buffer per chunk in flight; the large one is
         * kept for the next read.
         */
        private ByteBuf readDirect() throws IOException {
            if (spare == null) {
                spare = ByteBufAllocator.DEFAULT.directBuffer(CHUNK_BYTES, CHUNK_BYTES);
            }
            int read = export.read(spare.nioBuffer(0, CHUNK_BYTES));
            if (read < 0) {
                return null;
            }
            if (read < CHUNK_BYTES / 8) {
                return ByteBufAllocator.DEFAULT.directBuffer(read, read).writeBytes(spare, 0, read);
            }
            ByteBuf chunk = spare.writerIndex(read);
            spare = null;
            return chunk;
        }

        /** Closes the export once: after its end that frees it; before, it also cancels the engine's statement. */
        private void finish() {
            done = true;
            if (spare != null) {
                spare.release();
                spare = null;
            }
            try {
                export.close();
            } catch (IOException | RuntimeException ignored) {
                // Closing frees the slot and stops the statement; a failure to do so is the export's own to log.
            }
        }
    }
}
