package dev.tally.store;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/** Reads NUL-terminated C strings handed back by chDB. */
final class NativeStrings {
    private static final long MAX_MESSAGE_BYTES = 1 << 20;

    private NativeStrings() {
    }

    /** The string at {@code address}, or null for a NULL pointer. */
    static String read(MemorySegment address) {
        if (address == null || address.equals(MemorySegment.NULL)) {
            return null;
        }
        return address.reinterpret(MAX_MESSAGE_BYTES).getString(0, StandardCharsets.UTF_8);
    }
}
