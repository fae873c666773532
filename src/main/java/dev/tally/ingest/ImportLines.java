package dev.tally.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.github.luben.zstd.ZstdInputStream;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The lines of an import body, as NDJSON event lines, read in bounded memory: the spooled file →
 * (counted) → gunzip or zstd, recognised by the stream's magic bytes whatever the headers said →
 * NDJSON lines, or CSV records turned into the same JSON objects (header cells are field names; an empty
 * cell is an absent field; {@code amount} and {@code metadata} are read as JSON so the validator judges
 * them as it does in NDJSON). Line numbers are 1-based; in CSV the header is line 1 and a record's number
 * counts records, so it is its line in the file unless a quoted cell spans lines.
 */
final class ImportLines implements AutoCloseable {
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,30}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = new CsvMapper();

    private final Counted counted;
    private final InputStream decoded;
    private final LineReader ndjson;
    private final MappingIterator<Map<String, String>> csv;
    private long lineNumber;

    ImportLines(Path body, ImportFormat format, int maxLineBytes) {
        try {
            this.counted = new Counted(Files.newInputStream(body));
            this.decoded = decompressed(new BufferedInputStream(counted, 256 * 1024));
            switch (format) {
                case NDJSON -> {
                    this.ndjson = new LineReader(decoded, Long.MAX_VALUE, Long.MAX_VALUE, maxLineBytes, null);
                    this.csv = null;
                }
                case CSV -> {
                    this.ndjson = null;
                    this.csv = CSV.readerFor(Map.class).with(CsvSchema.emptySchema().withHeader()).readValues(decoded);
                    this.lineNumber = 1;
                }
                default -> throw new IllegalStateException(format.name());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next line as NDJSON bytes ({@link LineReader#TOO_LONG} for an over-long one), or null at the end. */
    byte[] next() {
        if (ndjson != null) {
            byte[] line = ndjson.next();
            lineNumber = ndjson.lineNumber();
            return line;
        }
        try {
            if (!csv.hasNextValue()) {
                return null;
            }
            Map<String, String> record = csv.nextValue();
            lineNumber++;
            return JSON.writeValueAsBytes(event(record));
        } catch (IOException e) {
            throw new UncheckedIOException("CSV line " + (lineNumber + 1) + " could not be read: " + e.getMessage(), e);
        }
    }

    long lineNumber() {
        return lineNumber;
    }

    /** Bytes of the body as sent (before decompression) read so far. */
    long bytesRead() {
        return counted.count;
    }

    @Override
    public void close() {
        try {
            decoded.close();
        } catch (IOException ignored) {
            // read-only file
        }
    }

    private static ObjectNode event(Map<String, String> record) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, String> cell : record.entrySet()) {
            String value = cell.getValue();
            if (value == null || value.isEmpty()) {
                continue;
            }
            String field = cell.getKey().strip();
            switch (field) {
                case "amount" -> {
                    if (INTEGER.matcher(value).matches()) {
                        event.put(field, new BigInteger(value));
                    } else {
                        event.put(field, value);
                    }
                }
                case "metadata" -> event.set(field, metadata(value));
                default -> event.put(field, value);
            }
        }
        return event;
    }

    /** A cell of JSON text; text that is not JSON stays a string, which the validator refuses precisely. */
    private static JsonNode metadata(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(value);
        }
    }

    private static InputStream decompressed(BufferedInputStream in) throws IOException {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B) {
            return new GZIPInputStream(in, 64 * 1024);
        }
        if (magic.length == 4 && (magic[0] & 0xFF) == 0x28 && (magic[1] & 0xFF) == 0xB5 && (magic[2] & 0xFF) == 0x2F
                && (magic[3] & 0xFF) == 0xFD) {
            return new ZstdInputStream(in);
        }
        return in;
    }

    private static final class Counted extends FilterInputStream {
        private long count;

        Counted(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int value = super.read();
            if (value >= 0) {
                count++;
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                count += read;
            }
            return read;
        }
    }
}
