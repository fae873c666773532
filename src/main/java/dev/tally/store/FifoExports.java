package dev.tally.store;

import dev.tally.sql.ExportStatements;
import dev.tally.sql.Sql;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Exports on the embedded engine: ClickHouse writes the whole file with {@code INTO OUTFILE} into a named
 * pipe that the caller reads as it is written — one valid file of any format, encoded by the engine's
 * parallel formatting, nothing on disk (docs/adr/0070-export-streaming.md).
 *
 * <p>Exports run on their own connections (opened at a lower OS priority and with a longer time limit), so
 * they never take an interactive query's connection, and one more connection is kept for
 * {@code KILL QUERY}, so a cancel never waits behind the exports it cancels.
 *
 * <p>Tricky: the pipe is opened read-write once (the "keeper") before the statement starts. That keeps
 * ClickHouse's open for writing from blocking and the reader's reads from seeing an end before ClickHouse
 * opened the pipe; when the statement ends, successful or not, the keeper is closed, and the reader then
 * sees the end after the last byte.
 */
final class FifoExports implements AutoCloseable {
    private final Path folder;
    private final BlockingQueue<ChdbConnection> idle;
    private final List<ChdbConnection> connections;
    private final ChdbConnection control;
    private final ExecutorService statements;
    private final long waitForConnectionSeconds;

    FifoExports(Path folder, List<ChdbConnection> connections, ChdbConnection control, long waitForConnectionSeconds) {
        this.folder = folder;
        this.connections = List.copyOf(connections);
        this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
        this.control = control;
        this.waitForConnectionSeconds = waitForConnectionSeconds;
        this.statements = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("chdb-export-", 0).factory());
    }

    ExportStream open(Sql sql, ExportFormat format, Compression compression) {
        ChdbConnection connection = takeConnection();
        String tag = "tally-export-" + UUID.randomUUID();
        Path pipe = folder.resolve(tag + ".fifo");
        int opened = -1;
        FileChannel reader;
        try {
            Fifo.create(pipe);
            opened = Fifo.openKeeper(pipe);
            reader = FileChannel.open(pipe, StandardOpenOption.READ);
        } catch (IOException | RuntimeException e) {
            if (opened >= 0) {
                Fifo.close(opened);
            }
            idle.add(connection);
            deleteQuietly(pipe);
            throw e instanceof StoreException store ? store : new StoreException(0, "cannot open the export pipe: " + e.getMessage(), e);
        }
        int keeper = opened;
        String text = ExportStatements.intoOutfile(sql, tag, pipe.toString(), format.clickHouseName(),
                compression.clickHouseName(), compression.level(), format.settings());
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        statements.execute(() -> {
            try {
                connection.query(text, "TSV", EmbeddedClickHouse.textParams(sql));
                outcome.complete(null);
            } catch (RuntimeException e) {
                connection.discardLeftoverOutput();
                outcome.completeExceptionally(e);
            } finally {
                idle.add(connection);
                Fifo.close(keeper);
            }
        });
        return new ExportStream(reader, outcome, () -> kill(tag), true, () -> deleteQuietly(pipe), tag);
    }

    /** Cancels the statement carrying {@code tag}; ASYNC, since SYNC was seen to hang (notes/exports.md). */
    private void kill(String tag) {
        synchronized (control) {
            control.query(ExportStatements.killByTag(tag), "TSV", java.util.Map.of());
        }
    }

    private ChdbConnection takeConnection() {
        try {
            ChdbConnection connection = idle.poll(waitForConnectionSeconds, TimeUnit.SECONDS);
            if (connection == null) {
                throw new StoreException(0, "every export connection is busy");
            }
            return connection;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(0, "interrupted while waiting for an export connection", e);
        }
    }

    @Override
    public void close() {
        statements.shutdown();
        try {
            statements.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.forEach(ChdbConnection::close);
        control.close();
    }

    private static void deleteQuietly(Path pipe) {
        try {
            Files.deleteIfExists(pipe);
        } catch (IOException ignored) {
            // Swept at the next start with the rest of the scratch folder.
        }
    }
}
