package dev.tally.store;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Named pipes (FIFOs), made with libc's {@code mkfifo} through {@code java.lang.foreign}; Java has no call for it. */
final class Fifo {
    private static final MethodHandle MKFIFO = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("mkfifo").orElseThrow(
                    () -> new StoreStartupException("this C library has no mkfifo: exports need Linux")),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final int OWNER_READ_WRITE = 0600;

    private Fifo() {
    }

    /** Creates the pipe at {@code path}, readable and writable by this user only. */
    static void create(Path path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(path.toString());
            int result = (int) MKFIFO.invokeExact(name, OWNER_READ_WRITE);
            if (result != 0) {
                throw new StoreException(0, "cannot create the export pipe " + path);
            }
        } catch (StoreException e) {
            throw e;
        } catch (Throwable e) {
            throw new StoreException(0, "mkfifo failed for " + path, e);
        }
    }
}
