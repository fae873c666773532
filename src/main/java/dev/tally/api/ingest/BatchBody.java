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
 * in (400).
 */
final class BatchBody extends FilterInputStream {
    private final long maxBatchBytes;

    BatchBody(InputStream body, long maxBatchBytes) {
        super(body);
        this.maxBatchBytes = maxBatchBytes;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw translated(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return super.read(buffer, offset, length);
        } catch (IOException e) {
            throw translated(e);
        }
    }

    private IOException translated(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ContentLengthExceededException) {
                throw new BatchTooLargeException("a batch may be at most " + maxBatchBytes + " bytes");
            }
            if (cause instanceof DecompressionException) {
                throw new InvalidEventException(RejectionCode.INVALID_ENCODING,
                        "the body is not in the encoding its Content-Encoding header names; send it uncompressed, or gzip it");
            }
        }
        return failure;
    }
}
