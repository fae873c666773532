package dev.tally.store;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Named pipes (FIFOs) through libc with {@code java.lang.foreign}: Java can neither make one nor size its
 * buffer.
 */
final class Fifo {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MKFIFO = libc("mkfifo", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle OPEN = libc("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle FCNTL = libc("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final int OWNER_READ_WRITE = 0600;
    private static final int O_RDWR = 2;
    private static final int F_SETPIPE_SZ = 1031;
    /**
     * Tricky: the kernel's default pipe buffer is 64 KiB, so the engine's writer and Java's reader would
     * take turns every 64 KiB; on a busy machine each turn waits for the scheduler. 1 MiB (the default
     * {@code /proc/sys/fs/pipe-max-size}) lets each side move sixteen times as much per wake-up.
     */
    private static final int PIPE_BYTES = 1 << 20;

    private Fifo() {
    }

    /** Creates the pipe at {@code path}, readable and writable by this user only. */
    static void create(Path path) {
        try (Arena arena = Arena.ofConfined()) {
            int result = (int) MKFIFO.invokeExact(arena.allocateFrom(path.toString()), OWNER_READ_WRITE);
            if (result != 0) {
                throw new StoreException(0, "cannot create the export pipe " + path);
            }
        } catch (StoreException e) {
            throw e;
        } catch (Throwable e) {
            throw new StoreException(0, "mkfifo failed for " + path, e);
        }
    }

    /**
     * Opens the pipe read-write (which never blocks) and enlarges its buffer; returns the descriptor, to be
     * given to {@link #close}. Best effort on the size: a smaller limit only costs speed.
     */
    static int openKeeper(Path path) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(path.toString()), O_RDWR, 0);
            if (fd < 0) {
                throw new StoreException(0, "cannot open the export pipe " + path);
            }
            int ignored = (int) FCNTL.invokeExact(fd, F_SETPIPE_SZ, PIPE_BYTES);
            return fd;
        } catch (StoreException e) {
            throw e;
        } catch (Throwable e) {
            throw new StoreException(0, "open failed for " + path, e);
        }
    }

    static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            throw new IllegalStateException("close failed", e);
        }
    }

    private static MethodHandle libc(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(
                () -> new StoreStartupException("this C library has no " + name + ": exports need Linux")), descriptor, options);
    }
}
