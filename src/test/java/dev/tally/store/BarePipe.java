package dev.tally.store;

import java.nio.file.Path;

/**
 * Benchmarks' named pipe made the way an export's is ({@link Fifo}: 1 MiB buffer, a read-write keeper), so the
 * bare engine can write {@code INTO OUTFILE} a pipe that another process drains, the floor of any export read
 * from a pipe.
 */
public final class BarePipe implements AutoCloseable {
    private final Path path;
    private int keeper;

    private BarePipe(Path path, int keeper) {
        this.path = path;
        this.keeper = keeper;
    }

    public static BarePipe create(Path path) {
        Fifo.create(path);
        return new BarePipe(path, Fifo.openKeeper(path));
    }

    public Path path() {
        return path;
    }

    /** Closes the keeper: once the engine closed its end too, the reader sees the end after the last byte. */
    public void writerDone() {
        if (keeper >= 0) {
            Fifo.close(keeper);
            keeper = -1;
        }
    }

    @Override
    public void close() throws java.io.IOException {
        writerDone();
        java.nio.file.Files.deleteIfExists(path);
    }
}
