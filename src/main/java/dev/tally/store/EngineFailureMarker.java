package dev.tally.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The body of a ClickHouse server's HTTP answer with its mid-stream failure turned into an exception.
 *
 * <p>Tricky: once a server has sent 200 and some rows, a failure (a {@code throwIf}, a limit, a killed query)
 * can no longer change the status: ClickHouse 26.7 appends {@code \n__exception__\n<tag>\n<message>\n<length>
 * <tag>\n__exception__\n} to the body, {@code <tag>} being the random {@code X-ClickHouse-Exception-Tag} of
 * that response, and breaks the chunked encoding off. Passed through, the rows before it plus that text
 * would reach Tally's client as a file. So the last {@link #HELD_BYTES} bytes are held back until the body
 * ends: if they end with the marker block of this response's tag, reading throws (the export is aborted
 * and nothing of the block leaves); otherwise they are released. The tag makes a data value that happens to
 * read {@code __exception__} harmless.
 */
final class EngineFailureMarker extends InputStream {
    /** More than the marker block of any message the server writes (its messages are a few hundred bytes). */
    static final int HELD_BYTES = 64 * 1024;

    private final InputStream source;
    private final byte[] openingMarker;
    private byte[] buffer = new byte[2 * HELD_BYTES];
    private int length;
    private int position;
    private boolean ended;
    private IOException failure;

    /** @param tag the response's {@code X-ClickHouse-Exception-Tag}; {@code null} when the server sends none */
    static InputStream guard(InputStream source, String tag) {
        return tag == null || tag.isBlank() ? source : new EngineFailureMarker(source, tag.strip());
    }

    private EngineFailureMarker(InputStream source, String tag) {
        this.source = source;
        this.openingMarker = ("__exception__\n" + tag + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] out, int offset, int count) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (count == 0) {
            return 0;
        }
        while (!ended && length - position <= HELD_BYTES) {
            fill();
        }
        int releasable = ended ? length - position : length - position - HELD_BYTES;
        if (releasable <= 0) {
            return -1;
        }
        int copied = Math.min(count, releasable);
        System.arraycopy(buffer, position, out, offset, copied);
        position += copied;
        return copied;
    }

    private void fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, length - position);
            length -= position;
            position = 0;
        }
        if (length == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read;
        try {
            read = source.read(buffer, length, buffer.length - length);
        } catch (IOException broken) {
            failIfMarked();
            throw broken;
        }
        if (read < 0) {
            failIfMarked();
            ended = true;
        } else {
            length += read;
        }
    }

    /** Throws when the held bytes hold this response's failure block; the block never leaves. */
    private void failIfMarked() throws IOException {
        String tail = new String(buffer, position, length - position, StandardCharsets.UTF_8);
        String opening = new String(openingMarker, StandardCharsets.US_ASCII);
        int start = tail.lastIndexOf(opening);
        if (start >= 0) {
            String message = tail.substring(start + opening.length()).lines().findFirst().orElse("").strip();
            length = position;
            ended = true;
            failure = new IOException("the ClickHouse server failed after the export began: " + message);
            throw failure;
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
