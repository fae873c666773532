package dev.tally.ingest;

import io.micronaut.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Encoded JSONEachRow rows of one request, in chunks of about 1 MiB, until they are handed to the insert. */
final class RowSpool {
    private static final int CHUNK_BYTES = 1 << 20;

    private final JsonMapper json;
    private final List<byte[]> chunks = new ArrayList<>();
    private ByteArrayOutputStream current = new ByteArrayOutputStream(64 * 1024);
    private long rows;

    RowSpool(JsonMapper json) {
        this.json = json;
    }

    void add(EventRow row) {
        try {
            current.write(json.writeValueAsBytes(row));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        current.write('\n');
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
