package dev.tally.api.bi;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Hands a result from the thread running the statement to the thread writing the HTTP response, a few
 * chunks at a time, so a result of any size holds at most {@link #CHUNKS} × {@link #CHUNK_BYTES} in the
 * heap. The reader learns whether the statement failed before its first chunk ({@link #awaitStart}), which
 * is when the response can still be an error; a reader that goes away ({@link InputStream#close}) makes
 * the writer fail, which cancels the statement.
 */
final class ResultPipe {
    static final int CHUNK_BYTES = 64 * 1024;
    static final int CHUNKS = 8;
    private static final byte[] END = new byte[0];
    private static final long STALLED_READER_SECONDS = 120;

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile RuntimeException failureBeforeStart;
    private volatile boolean abandoned;

    /** Where the statement writes; closing it ends the result. */
    OutputStream sink() {
        return new OutputStream() {
            private byte[] buffer = new byte[CHUNK_BYTES];
            private int length;

            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int count) throws IOException {
                while (count > 0) {
                    int piece = Math.min(count, buffer.length - length);
                    System.arraycopy(bytes, offset, buffer, length, piece);
                    length += piece;
                    offset += piece;
                    count -= piece;
                    if (length == buffer.length) {
                        hand(buffer);
                        buffer = new byte[CHUNK_BYTES];
                        length = 0;
                    }
                }
            }

            @Override
            public void close() throws IOException {
                if (length > 0) {
                    hand(Arrays.copyOf(buffer, length));
                    length = 0;
                }
                hand(END);
            }
        };
    }

    /** The statement failed before it wrote anything the reader has seen. */
    void failBeforeStart(RuntimeException failure) {
        failureBeforeStart = failure;
        started.countDown();
    }

    /** Whether the reader has been handed anything yet (then a failure can only be appended). */
    boolean hasStarted() {
        return started.getCount() == 0 && failureBeforeStart == null;
    }

    /** Waits for the first chunk or the end; throws the statement's failure when it failed before either. */
    void awaitStart() {
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned = true;
            throw new IllegalStateException("interrupted while waiting for a BI result", e);
        }
        if (failureBeforeStart != null) {
            throw failureBeforeStart;
        }
    }

    /** What the HTTP response copies out; closing it early abandons the result. */
    InputStream source() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int position;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int read = read(one, 0, 1);
                return read < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] target, int offset, int count) throws IOException {
                if (count == 0) {
                    return 0;
                }
                while (position == current.length) {
                    if (ended) {
                        return -1;
                    }
                    try {
                        current = chunks.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while reading a BI result");
                    }
                    position = 0;
                    ended = current == END;
                }
                int piece = Math.min(count, current.length - position);
                System.arraycopy(current, position, target, offset, piece);
                position += piece;
                return piece;
            }

            @Override
            public void close() {
                abandoned = true;
                chunks.clear();
            }
        };
    }

    private void hand(byte[] chunk) throws IOException {
        long waited = 0;
        try {
            while (!chunks.offer(chunk, 1, TimeUnit.SECONDS)) {
                if (abandoned || ++waited > STALLED_READER_SECONDS) {
                    throw new IOException("the BI client stopped reading the result");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing on a BI result");
        }
        if (abandoned) {
            throw new IOException("the BI client stopped reading the result");
        }
        started.countDown();
    }
}
