package dev.tally.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on {@code <data dir>/tally.lock}, held while the embedded engine is open, so a
 * second Tally process on the same directory stops with a clear message instead of corrupting parts.
 */
final class DataDirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirectoryLock acquire(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreStartupException("the data directory " + dataDir.toAbsolutePath()
                    + " cannot be created (" + e.getMessage() + "): set TALLY_DATA_DIR to a writable directory");
        }
        if (!Files.isWritable(dataDir)) {
            throw new StoreStartupException("the data directory " + dataDir.toAbsolutePath()
                    + " is not writable: set TALLY_DATA_DIR to a writable directory");
        }
        Path lockFile = dataDir.resolve("tally.lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw inUse(dataDir);
            }
            channel.truncate(0);
            channel.write(StandardCharsets.UTF_8.encode(ProcessHandle.current().pid() + "\n"));
            return new DataDirectoryLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse(dataDir);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreStartupException("cannot lock " + lockFile.toAbsolutePath() + " (" + e.getMessage()
                    + "): set TALLY_DATA_DIR to a writable directory");
        }
    }

    private static StoreStartupException inUse(Path dataDir) {
        return new StoreStartupException("the data directory " + dataDir.toAbsolutePath()
                + " is in use by another Tally process: stop it, or set TALLY_DATA_DIR to another directory");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; the lock error is the one to report.
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
