package dev.tally.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Splits an NDJSON body into lines as it arrives, one 64 KiB buffer at a time, never holding the body.
 * Counts bytes and lines against the limits (exceeding one throws {@link BatchTooLargeException}), and
 * feeds every byte to a digest for {@code Idempotency-Key} checks. A line longer than {@code maxLineBytes}
 * comes back as {@link #TOO_LONG} and its bytes are skipped. A null digest (bulk imports) digests nothing.
 */
final class LineReader {
    static final byte[] TOO_LONG = new byte[0];

    private final InputStream in;
    private final long maxBytes;
    private final long maxLines;
    private final int maxLineBytes;
    private final MessageDigest digest;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long bytesRead;
    private long lineNumber;
    private byte[] line = new byte[1024];
    private boolean ended;

    LineReader(InputStream in, long maxBytes, long maxLines, int maxLineBytes, MessageDigest digest) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.maxLines = maxLines;
        this.maxLineBytes = maxLineBytes;
        this.digest = digest;
    }

    /** The next line without its line break (a copy), {@link #TOO_LONG}, or null at the end. */
    byte[] next() {
        int length = 0;
        boolean tooLong = false;
        while (true) {
            if (position == limit && !fill()) {
                if (length == 0 && !tooLong) {
                    return null;
                }
                return finish(length, tooLong);
            }
            int newline = indexOfNewline();
            int end = newline < 0 ? limit : newline;
            int chunk = end - position;
            if (!tooLong) {
                if (length + chunk > maxLineBytes) {
                    tooLong = true;
                } else {
                    ensureCapacity(length + chunk);
                    System.arraycopy(buffer, position, line, length, chunk);
                    length += chunk;
                }
            }
            position = end;
            if (newline >= 0) {
                position++;
                return finish(length, tooLong);
            }
        }
    }

    /** The 1-based number of the line {@link #next()} returned last. */
    long lineNumber() {
        return lineNumber;
    }

    private byte[] finish(int length, boolean tooLong) {
        lineNumber++;
        if (lineNumber > maxLines) {
            throw new BatchTooLargeException("a batch may hold at most " + maxLines + " lines");
        }
        if (tooLong) {
            return TOO_LONG;
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return Arrays.copyOf(line, length);
    }

    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean fill() {
        if (ended) {
            return false;
        }
        try {
            int read = in.read(buffer, 0, buffer.length);
            if (read < 0) {
                ended = true;
                return false;
            }
            bytesRead += read;
            if (bytesRead > maxBytes) {
                throw new BatchTooLargeException("a batch may be at most " + maxBytes + " bytes");
            }
            if (digest != null) {
                digest.update(buffer, 0, read);
            }
            position = 0;
            limit = read;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ensureCapacity(int capacity) {
        if (capacity > line.length) {
            line = Arrays.copyOf(line, Math.max(capacity, line.length * 2));
        }
    }

    /** Reads the rest of the body (digest and limits only), for a replayed request. */
    void drain() {
        while (fill()) {
            position = limit;
        }
    }
}
