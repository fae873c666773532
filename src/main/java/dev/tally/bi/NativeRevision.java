package dev.tally.bi;

import com.clickhouse.data.ClickHouseColumn;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Frames the engine's Native output for a client that names a protocol revision
 * ({@code client_protocol_version}, as ClickHouse's HTTP interface takes it): clickhouse-go (Grafana's
 * ClickHouse data source) always sends one and decodes what comes back at that revision, clickhouse-connect
 * (Superset) probes for one. The embedded engine only writes revision 0 and has no setting for it.
 *
 * <p>What a revision adds to Native, as ClickHouse's {@code NativeWriter} writes it: any revision above 0
 * opens every block with its block info (field 1 {@code is_overflows} = 0, field 2 {@code bucket_num} =
 * -1, end), and from {@link #CUSTOM_SERIALIZATION} on every column header ends with a "custom
 * serialization" flag, 0 here because the engine writes default serializations. To know where a column's
 * values end (and the next header starts) each column's values are skipped by their type, parsed by the
 * official client's {@link ClickHouseColumn}; types whose Native layout is not listed here are refused
 * rather than guessed.
 * Revisions above {@link #HIGHEST} are written as {@link #HIGHEST}, the newest layout this class knows.
 *
 * <p>Blocks are passed on whole: the engine's streamed chunks are whole blocks, so the buffer holds one
 * block (at most {@code max_block_size} rows).
 */
public final class NativeRevision extends FilterOutputStream {
    /** DBMS_MIN_REVISION_WITH_CUSTOM_SERIALIZATION. */
    static final long CUSTOM_SERIALIZATION = 54_454;
    /** DBMS_MIN_PROTOCOL_VERSION_WITH_SERVER_QUERY_TIME_IN_PROGRESS, what clickhouse-go 2.47 sends. */
    static final long HIGHEST = 54_460;
    private static final byte[] BLOCK_INFO = {1, 0, 2, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0};

    private final long revision;
    private byte[] pending = new byte[0];
    private int pendingLength;

    private NativeRevision(OutputStream out, long revision) {
        super(out);
        this.revision = Math.min(revision, HIGHEST);
    }

    /** {@code out} itself for revision 0 (what the engine writes), else a stream that frames for {@code revision}. */
    public static OutputStream framing(OutputStream out, long revision) {
        return revision <= 0 ? out : new NativeRevision(out, revision);
    }

    /** The {@code client_protocol_version} parameter's revision; 0 when absent. */
    public static long requested(String parameter) {
        if (parameter == null || parameter.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(parameter.strip()));
        } catch (NumberFormatException e) {
            throw new BiRefusal(BiError.BAD_ARGUMENTS, "client_protocol_version must be a whole number, not " + parameter);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pendingLength + length, pending.length * 2));
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength += length;
        int start = 0;
        while (start < pendingLength) {
            ByteArrayOutputStream framed = new ByteArrayOutputStream();
            int end = frameBlock(start, framed);
            if (end < 0) {
                break;
            }
            framed.writeTo(out);
            start = end;
        }
        System.arraycopy(pending, start, pending, 0, pendingLength - start);
        pendingLength -= start;
    }

    @Override
    public void close() throws IOException {
        if (pendingLength > 0) {
            throw new IOException("the Native output ended inside a block");
        }
        super.close();
    }

    /** Frames the block at {@code start} into {@code framed}; returns where it ends, or -1 if it is not all here yet. */
    private int frameBlock(int start, ByteArrayOutputStream framed) {
        Cursor cursor = new Cursor(pending, start, pendingLength);
        try {
            long columns = cursor.varInt();
            long rows = cursor.varInt();
            framed.write(BLOCK_INFO, 0, BLOCK_INFO.length);
            framed.write(pending, start, cursor.position - start);
            for (long i = 0; i < columns; i++) {
                int header = cursor.position;
                cursor.skipString();
                String type = cursor.string();
                framed.write(pending, header, cursor.position - header);
                if (revision >= CUSTOM_SERIALIZATION) {
                    framed.write(0);
                }
                int values = cursor.position;
                if (rows > 0) {
                    skipValues(cursor, ClickHouseColumn.of("c", type), rows, false);
                }
                framed.write(pending, values, cursor.position - values);
            }
            return cursor.position;
        } catch (Incomplete e) {
            return -1;
        }
    }

    /** Skips {@code rows} values of {@code column} laid out as Native lays them out. */
    private static void skipValues(Cursor cursor, ClickHouseColumn column, long rows, boolean nested) {
        if (column.isLowCardinality()) {
            // Tricky: nested in an array, map or tuple, its key version comes before the outer column's values.
            if (nested) {
                throw unsupported(column);
            }
            skipLowCardinality(cursor, column, rows);
            return;
        }
        if (column.isNullable()) {
            cursor.skip(rows);
        }
        switch (column.getDataType()) {
            case String -> {
                for (long row = 0; row < rows; row++) {
                    cursor.skipString();
                }
            }
            case FixedString -> cursor.skip(rows * column.getPrecision());
            case Array -> skipValues(cursor, column.getNestedColumns().getFirst(), cursor.lastOffset(rows), true);
            case Map -> {
                long entries = cursor.lastOffset(rows);
                skipValues(cursor, column.getKeyInfo(), entries, true);
                skipValues(cursor, column.getValueInfo(), entries, true);
            }
            case Tuple -> {
                for (ClickHouseColumn element : column.getNestedColumns()) {
                    skipValues(cursor, element, rows, true);
                }
            }
            case Nothing -> cursor.skip(rows);
            case Decimal -> cursor.skip(rows * decimalBytes(column.getPrecision()));
            // The client's type table gives DateTime no byte length; Native writes it as UInt32 seconds.
            case DateTime, DateTime32 -> cursor.skip(rows * 4);
            case Bool, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Int128, UInt128, Int256, UInt256,
                 Float32, Float64, BFloat16, Date, Date32, DateTime64, Enum8, Enum16, UUID, IPv4, IPv6,
                 Decimal32, Decimal64, Decimal128, Decimal256 -> {
                int width = column.getDataType().getByteLength();
                if (width <= 0) {
                    throw unsupported(column);
                }
                cursor.skip(rows * width);
            }
            default -> throw unsupported(column);
        }
    }

    /**
     * LowCardinality as Native writes a whole column (SerializationLowCardinality, no shared dictionary): the
     * key version, the index flags (bits 0-7 the index width as a power of two, bit 9 "keys follow"), the
     * dictionary (its size, then its keys in the plain type without Nullable), the row count, the indexes.
     */
    private static void skipLowCardinality(Cursor cursor, ClickHouseColumn column, long rows) {
        cursor.skip(8);
        long flags = cursor.uint64();
        int indexWidth = 1 << (int) (flags & 0xFF);
        if ((flags & (1L << 9)) != 0) {
            long keys = cursor.uint64();
            skipValues(cursor, ClickHouseColumn.of("keys", dictionaryType(column.getOriginalTypeName())), keys, true);
        }
        cursor.skip(cursor.uint64() * indexWidth);
    }

    /** {@code LowCardinality(Nullable(T))} and {@code LowCardinality(T)}: {@code T}. */
    private static String dictionaryType(String type) {
        String inner = type.substring("LowCardinality(".length(), type.length() - 1);
        return inner.startsWith("Nullable(") ? inner.substring("Nullable(".length(), inner.length() - 1) : inner;
    }

    private static int decimalBytes(int precision) {
        return precision <= 9 ? 4 : precision <= 18 ? 8 : precision <= 38 ? 16 : 32;
    }

    private static BiRefusal unsupported(ClickHouseColumn column) {
        return new BiRefusal(BiError.BAD_ARGUMENTS, "Native with client_protocol_version cannot carry a column of type "
                + column.getOriginalTypeName() + " here; ask for RowBinaryWithNamesAndTypes, or omit client_protocol_version");
    }

    /** The bytes of a block not yet all received. */
    private static final class Incomplete extends RuntimeException {
        Incomplete() {
            super(null, null, false, false);
        }
    }

    private static final class Cursor {
        private final byte[] bytes;
        private final int limit;
        private int position;

        Cursor(byte[] bytes, int position, int limit) {
            this.bytes = bytes;
            this.position = position;
            this.limit = limit;
        }

        long varInt() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= limit) {
                    throw new Incomplete();
                }
                byte b = bytes[position++];
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new BiRefusal(BiError.STD_EXCEPTION, "the engine's Native output has a malformed length");
        }

        void skip(long count) {
            if (count > limit - position) {
                throw new Incomplete();
            }
            position += (int) count;
        }

        void skipString() {
            skip(varInt());
        }

        String string() {
            int length = (int) varInt();
            int start = position;
            skip(length);
            return new String(bytes, start, length, java.nio.charset.StandardCharsets.UTF_8);
        }

        long uint64() {
            skip(8);
            return littleEndianLong(position - 8);
        }

        private long littleEndianLong(int at) {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value |= (long) (bytes[at + i] & 0xFF) << (8 * i);
            }
            return value;
        }

        /** Skips an array column's offsets (UInt64, cumulative) and returns the last: the number of elements. */
        long lastOffset(long rows) {
            if (rows == 0) {
                return 0;
            }
            skip(rows * 8);
            return littleEndianLong(position - 8);
        }
    }
}
