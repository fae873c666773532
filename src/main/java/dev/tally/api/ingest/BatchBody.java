package dev.tally.api.ingest;

import dev.tally.ingest.BatchTooLargeException;
import dev.tally.ingest.InvalidEventException;
import dev.tally.ingest.RejectionCode;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.netty.handler.codec.compression.DecompressionException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A batch body as the server hands it over, with the two ways the server itself can fail to read it
 * turned into this surface's answers instead of a 500 (issue 11, defect 6): the body grew past the
 * server's size cap (the documented 413), or {@code Content-Encoding} names a compression the bytes are not
 * in (400). It also cuts off a body that trickles in (408, issue 11, defect 2): after the grace period
 * its average rate must stay above the configured minimum, so a body sent a byte at a time cannot hold
 * an upload thread for long.
 */
final class BatchBody extends FilterInputStream {
    private final long maxBatchBytes;
    private final long minBytesPerSecond;
    private final long graceNanos;
    // The clock starts at the first read, not when the request arrived: a batch waiting for its turn to be
    // processed has not been asked for its body yet.
    private long started;
    private long received;

    BatchBody(InputStream body, long maxBatchBytes, UploadConfiguration uploads) {
        super(body);
        this.maxBatchBytes = maxBatchBytes;
        this.minBytesPerSecond = uploads.minBytesPerSecond();
        this.graceNanos = java.util.concurrent.TimeUnit.SECONDS.toNanos(uploads.graceSeconds());
    }

    @Override
    public int read() throws IOException {
        try {
            int value = super.read();
            counted(value < 0 ? -1 : 1);
            return value;
        } catch (IOException e) {
            throw translated(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return counted(super.read(buffer, offset, length));
        } catch (IOException e) {
            throw translated(e);
        }
    }

    private int counted(int read) {
        if (read < 0) {
            return read;
        }
        if (started == 0) {
            started = System.nanoTime();
        }
        received += read;
        long elapsed = System.nanoTime() - started;
        if (elapsed > graceNanos && received * 1_000_000_000L < minBytesPerSecond * elapsed) {
            throw new UploadRefusedException(io.micronaut.http.HttpStatus.REQUEST_TIMEOUT, "upload_too_slow",
                    "the body arrived at under " + minBytesPerSecond + " bytes a second; send it faster, or in smaller batches");
        }
        return read;
    }

    private IOException translated(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ContentLengthExceededException) {
                throw new BatchTooLargeException("a batch may be at most " + maxBatchBytes + " bytes");
            }
            if (cause instanceof java.io.EOFException) {
                // The client went away mid-body: nobody reads this answer, but it is not a server error either.
                throw new UploadRefusedException(io.micronaut.http.HttpStatus.BAD_REQUEST, "incomplete_body",
                        "the connection closed before the whole body arrived");
            }
            if (cause instanceof DecompressionException) {
                throw new InvalidEventException(RejectionCode.INVALID_ENCODING,
                        "the body is not in the encoding its Content-Encoding header names; send it uncompressed, or gzip it");
            }
        }
        return failure;
    }
}
