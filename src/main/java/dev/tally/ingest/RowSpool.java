package dev.tally.ingest;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Encoded RowBinary rows of one request, in chunks of about 1 MiB, until they are handed to the insert. */
final class RowSpool {
    private static final int CHUNK_BYTES = 1 << 20;

    private final List<byte[]> chunks = new ArrayList<>();
    private ByteArrayOutputStream current = new ByteArrayOutputStream(64 * 1024);
    private long rows;

    RowSpool() {
    }

    void add(EventRow row) {
        RowBinaryEncoder.write(row, current);
        rows++;
        if (current.size() >= CHUNK_BYTES) {
            chunks.add(current.toByteArray());
            current = new ByteArrayOutputStream(CHUNK_BYTES + 64 * 1024);
        }
    }

    long rows() {
        return rows;
    }

    List<byte[]> chunks() {
        List<byte[]> all = new ArrayList<>(chunks);
        if (current.size() > 0) {
            all.add(current.toByteArray());
        }
        return all;
    }
}
