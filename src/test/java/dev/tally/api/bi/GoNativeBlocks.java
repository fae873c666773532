package dev.tally.api.bi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Native at a client protocol revision the way clickhouse-go 2.47 does (lib/proto/block.go
 * {@code Block.Decode}: block info when the revision is above 0, then per column its name, its type and, from
 * revision 54454, a "custom serialization" flag that must be 0), for the few column types Grafana's
 * queries in {@link BiToolQueriesTest} return (and LowCardinality(String), which the official Java client's
 * Native reader does not decode). Written apart from Tally's {@code NativeRevision}, which
 * writes this framing: neither can hide the other's mistake. Unsigned integers and DateTime (seconds)
 * come back as {@code Long}, strings as {@code String}.
 */
final class GoNativeBlocks {
    private GoNativeBlocks() {
    }

    static List<Map<String, Object>> decode(byte[] body, long revision) {
        ByteBuffer in = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        List<Map<String, Object>> rows = new ArrayList<>();
        while (in.hasRemaining()) {
            if (revision > 0) {
                // Block info: field 1 (is_overflows, UInt8), field 2 (bucket_num, Int32), then 0.
                expect(varInt(in), 1);
                in.get();
                expect(varInt(in), 2);
                in.getInt();
                expect(varInt(in), 0);
            }
            int columns = (int) varInt(in);
            int count = (int) varInt(in);
            List<Map<String, Object>> block = new ArrayList<>();
            for (int row = 0; row < count; row++) {
                block.add(new LinkedHashMap<>());
            }
            for (int column = 0; column < columns; column++) {
                String name = string(in);
                String type = string(in);
                if (revision >= 54_454) {
                    expect(in.get(), 0);
                }
                List<Object> values = count == 0 ? List.of() : column(in, type, count);
                for (int row = 0; row < count; row++) {
                    block.get(row).put(name, values.get(row));
                }
            }
            rows.addAll(block);
        }
        return rows;
    }

    /** A column's values; LowCardinality(String) as lib/column/lowcardinality.go reads it (version, flags, keys, indexes). */
    private static List<Object> column(ByteBuffer in, String type, int rows) {
        List<Object> values = new ArrayList<>(rows);
        if (type.equals("LowCardinality(String)")) {
            expect(in.getLong(), 1);
            long flags = in.getLong();
            int width = 1 << (int) (flags & 0xFF);
            List<Object> keys = column(in, "String", (int) in.getLong());
            expect(in.getLong(), rows);
            for (int row = 0; row < rows; row++) {
                long index = switch (width) {
                    case 1 -> Byte.toUnsignedLong(in.get());
                    case 2 -> Short.toUnsignedLong(in.getShort());
                    case 4 -> Integer.toUnsignedLong(in.getInt());
                    default -> in.getLong();
                };
                values.add(keys.get((int) index));
            }
            return values;
        }
        for (int row = 0; row < rows; row++) {
            values.add(value(in, type));
        }
        return values;
    }

    private static Object value(ByteBuffer in, String type) {
        return switch (type) {
            case "String" -> string(in);
            case "UInt8" -> (long) Byte.toUnsignedInt(in.get());
            case "UInt16" -> (long) Short.toUnsignedInt(in.getShort());
            case "UInt32", "DateTime" -> Integer.toUnsignedLong(in.getInt());
            case "UInt64" -> in.getLong();
            default -> throw new IllegalStateException("not a type this reader knows: " + type);
        };
    }

    private static String string(ByteBuffer in) {
        byte[] bytes = new byte[(int) varInt(in)];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static long varInt(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    private static void expect(long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException("Native framing: expected " + expected + ", read " + actual);
        }
    }
}
