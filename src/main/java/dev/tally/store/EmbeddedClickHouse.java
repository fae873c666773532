package dev.tally.store;

import dev.tally.base.FetchedAsset;
import dev.tally.sql.Param;
import dev.tally.sql.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded engine: chDB in this process, data under one directory.
 *
 * Concurrency: a pool of connections to the same path, each lent to one thread at a time. chDB runs one
 * statement per connection but several connections in parallel, so the pool size is the parallelism.
 * Inserts and exports have connections of their own beside the pool.
 * Tricky: a chDB call made on a virtual thread pins its carrier for the whole native call and stalls
 * every other virtual thread on a 2-core machine, so calls arriving on a virtual thread are handed to
 * this class's own platform threads.
 */
public final class EmbeddedClickHouse implements ClickHouse {
    private static final Object LIBRARY_LOCK = new Object();
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedClickHouse.class);
    private static ChdbLibrary loadedLibrary;

    /** Connections only exports use, so that exports never take an interactive query's connection. */
    public static final int EXPORT_CONNECTIONS = 3;
    /**
     * Connections only inserts use (as many as ingest's default insert threads), so that a write, which a
     * client waits on to be acknowledged, never queues behind interactive queries for a connection: in a soak
     * the insert threads waited 1.5 s on average for one of the shared four (ADR 0156).
     */
    public static final int INSERT_CONNECTIONS = 2;
    /** The engine's own memory cap ({@code max_server_memory_usage}): a statement that needs more fails with ClickHouse's error 241. */
    public static final long MAX_ENGINE_MEMORY_BYTES = 2L << 30;
    /** {@code max_execution_time} of an export: an hour, for files of any size. */
    public static final int EXPORT_MAX_EXECUTION_TIME_SECONDS = 3600;

    private final DataDirectoryLock directoryLock;
    private final List<ChdbConnection> connections;
    private final BlockingQueue<ChdbConnection> idle;
    private final List<ChdbConnection> insertConnections;
    private final BlockingQueue<ChdbConnection> insertIdle;
    private final ExecutorService platformThreads;
    private final String version;
    private final ScratchExports exports;
    private final long connectionWaitSeconds;
    private final FifoExports fifoExports;
    private final ChdbLibrary library;
    private final Path dataDir;
    private volatile boolean closed;

    public EmbeddedClickHouse(Path libraryPath, StoreConfiguration configuration) {
        this.library = library(libraryPath);
        this.dataDir = configuration.dataDir().toAbsolutePath().normalize();
        this.directoryLock = DataDirectoryLock.acquire(dataDir);
        try {
            List<ChdbConnection> all = openConnections(library, dataDir, configuration.poolSize() + INSERT_CONNECTIONS,
                connectionArguments(dataDir, configuration.maxExecutionTimeSeconds()));
            this.connections = all.subList(0, configuration.poolSize());
            this.insertConnections = all.subList(configuration.poolSize(), all.size());
        } catch (RuntimeException e) {
            directoryLock.close();
            throw e;
        }
        this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
        this.insertIdle = new ArrayBlockingQueue<>(insertConnections.size(), false, insertConnections);
        // A connection is held for one statement (bounded by max_execution_time) or one stream.
        this.connectionWaitSeconds = configuration.maxExecutionTimeSeconds();
        this.platformThreads = Executors.newFixedThreadPool(connections.size() + insertConnections.size(), platformThreadFactory());
        String database = configuration.database();
        connections.getFirst().query("CREATE DATABASE IF NOT EXISTS " + database, "TSV", Map.of());
        for (ChdbConnection connection : connections) {
            connection.query("USE " + database, "TSV", Map.of());
        }
        for (ChdbConnection connection : insertConnections) {
            connection.query("USE " + database, "TSV", Map.of());
        }
        this.exports = ScratchExports.under(dataDir);
        this.fifoExports = openExports(library, dataDir, database);
        this.version = new String(connections.getFirst().query("SELECT version()", "TSV", Map.of()),
                StandardCharsets.UTF_8).strip();
    }

    /** Where libchdb.so is when nothing is configured: the cache scripts/fetch-chdb fills. */
    public static Path defaultLibraryPath() {
        return FetchedAsset.CHDB_LIBRARY.resolve(null);
    }

    @Override
    public String engine() {
        return "embedded";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public void execute(Sql sql) {
        withConnection(connection -> connection.query(sql.text(), "TSV", textParams(sql)));
    }

    @Override
    public Rows query(Sql sql) {
        byte[] output = withConnection(connection -> connection.query(sql.text(), RowsReader.FORMAT, textParams(sql)));
        return RowsReader.read(output, 0, output.length);
    }

    @Override
    public long insert(String table, InputFormat format, InputStream data) {
        return withConnection(insertIdle, connection -> connection.insert("INSERT INTO " + table, format.clickHouseName(), data));
    }

    /**
     * Tricky: chDB's streaming API encodes every fetched chunk (~65k rows) as a complete output of its
     * own, so a {@code CSVWithNames} header would repeat in the middle of the data and Parquet would come
     * out as dozens of files back to back. Row formats therefore stream without their header, which is
     * written once from a {@code LIMIT 0} run of the same query; Parquet, which cannot be cut into
     * pieces, is written by ClickHouse to a scratch file under the data directory and then copied out.
     * Either way Java holds one chunk at a time.
     */
    @Override
    public long stream(Sql sql, OutputFormat format, OutputStream out) {
        return switch (format) {
            case NDJSON -> streamRows(sql, "JSONEachRow", out);
            case CSV -> streamHeader(sql, "CSVWithNames", out) + streamRows(sql, "CSV", out);
            case TSV -> streamHeader(sql, "TabSeparatedWithNames", out) + streamRows(sql, "TabSeparated", out);
            case PARQUET -> exports.copyThroughFile(sql, format.clickHouseName(), out,
                    (text, params) -> withConnection(connection -> connection.query(text, "TSV", params)));
        };
    }

    private long streamRows(Sql sql, String format, OutputStream out) {
        return withConnection(connection -> connection.stream(sql.text(), format, textParams(sql), out));
    }

    private long streamHeader(Sql sql, String formatWithNames, OutputStream out) {
        byte[] header = withConnection(connection ->
                connection.query("SELECT * FROM (" + sql.text() + ") LIMIT 0", formatWithNames, textParams(sql)));
        try {
            out.write(header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return header.length;
    }

    /**
     * A connection of its own on this engine's data, opened with {@code settings} as connection
     * arguments ({@code --readonly=1} and the like), which hold for every statement run on it. For
     * statements Tally did not write (the BI endpoint); the caller closes it, on a platform thread.
     */
    public RestrictedConnection openRestricted(List<String> settings) {
        if (closed) {
            throw new StoreException(0, "the embedded engine is closed");
        }
        List<String> arguments = new ArrayList<>();
        arguments.add("--path=" + dataDir);
        arguments.addAll(settings);
        return RestrictedConnection.open(library, arguments);
    }

    @Override
    public ExportStream export(Sql sql, ExportFormat format, Compression compression) {
        if (closed) {
            throw new StoreException(0, "the embedded engine is closed");
        }
        return fifoExports.open(sql, format, compression);
    }

    /**
     * Refuses new calls, waits (bounded) for the connections lent out to come back, and closes those that
     * did. Tricky: a connection still lent out is never closed: freeing it under a running call is what
     * crashed the JVM in libchdb.so at exit (issue 11, defect 5); {@link ProcessExit} deals with it.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        fifoExports.close();
        platformThreads.shutdown();
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        int leftOpen = closeReturned(idle, connections.size(), deadline) + closeReturned(insertIdle, insertConnections.size(), deadline);
        if (leftOpen > 0) {
            LOG.warn("{} embedded engine connections were still in use after {} ms and were left open", leftOpen, CLOSE_WAIT.toMillis());
            return;
        }
        directoryLock.close();
    }

    /** Closes the connections of {@code pool} as they come back, until {@code deadline}; returns how many did not. */
    private static int closeReturned(BlockingQueue<ChdbConnection> pool, int size, long deadline) {
        List<ChdbConnection> returned = new ArrayList<>();
        while (returned.size() < size) {
            try {
                ChdbConnection connection = pool.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (connection == null) {
                    break;
                }
                returned.add(connection);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ChdbConnection connection : returned) {
            connection.close();
        }
        return size - returned.size();
    }

    private <T> T withConnection(ConnectionWork<T> work) {
        return withConnection(idle, work);
    }

    private <T> T withConnection(BlockingQueue<ChdbConnection> pool, ConnectionWork<T> work) {
        if (closed) {
            throw new StoreException(0, "the embedded engine is closed");
        }
        Callable<T> call = () -> {
            ChdbConnection connection = pool.poll(connectionWaitSeconds, TimeUnit.SECONDS);
            if (connection == null) {
                throw new StoreException(0, "no embedded engine connection became free within " + connectionWaitSeconds + " s");
            }
            try {
                return work.run(connection);
            } catch (StoreException e) {
                connection.discardLeftoverOutput();
                throw e;
            } finally {
                pool.add(connection);
            }
        };
        try {
            if (!Thread.currentThread().isVirtual()) {
                return call.call();
            }
            Future<T> future = platformThreads.submit(call);
            return future.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(0, "interrupted while waiting for the embedded engine", e);
        } catch (Exception e) {
            throw rethrow(e);
        }
    }

    private static RuntimeException rethrow(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new StoreException(0, failure.getMessage(), failure);
    }

    static Map<String, String> textParams(Sql sql) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, Param> param : sql.params().entrySet()) {
            params.put(param.getKey(), param.getValue().text());
        }
        return params;
    }

    private static List<String> connectionArguments(Path dataDir, int maxExecutionTimeSeconds) {
        return List.of(
                "--path=" + dataDir,
                "--max_execution_time=" + maxExecutionTimeSeconds,
                "--date_time_output_format=iso",
                "--output_format_json_quote_64bit_integers=0",
                // Tricky: a stored string that is not UTF-8 (a lone surrogate once got in) must not make a
                // whole result unreadable: ClickHouse writes U+FFFD for it (issue 11, defect 11).
                "--output_format_json_validate_utf8=1",
                // Tricky: server-wide limits, taken from the process's first connection. chDB's defaults are a
                // server's: 90 % of the machine's RAM for the engine and 5 GiB each for the mark, primary-index
                // and skipping-index mark caches, so an embedded Tally's RSS grew with the machine (ADR 0101).
                "--max_server_memory_usage=" + MAX_ENGINE_MEMORY_BYTES,
                "--mark_cache_size=" + (256L << 20),
                "--primary_index_cache_size=" + (128L << 20),
                "--index_mark_cache_size=" + (64L << 20));
    }

    /**
     * The export connections and the one that cancels them. Tricky: exports run at a lower OS thread
     * priority (nice 10) so that on a busy machine interactive queries get the cores first, and with a
     * time limit fit for files of any size; a client that goes away cancels its export anyway.
     */
    private static FifoExports openExports(ChdbLibrary library, Path dataDir, String database) {
        List<String> arguments = new ArrayList<>(connectionArguments(dataDir, EXPORT_MAX_EXECUTION_TIME_SECONDS));
        arguments.add("--os_thread_priority=10");
        List<ChdbConnection> exportConnections = openConnections(library, dataDir, EXPORT_CONNECTIONS, arguments);
        ChdbConnection control = openConnections(library, dataDir, 1, connectionArguments(dataDir, 10)).getFirst();
        for (ChdbConnection connection : exportConnections) {
            connection.query("USE " + database, "TSV", Map.of());
        }
        return new FifoExports(dataDir.resolve("exports"), exportConnections, control, 30);
    }

    private static List<ChdbConnection> openConnections(ChdbLibrary library, Path dataDir, int count, List<String> arguments) {
        List<ChdbConnection> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ChdbConnection connection = ChdbConnection.open(library, arguments);
            if (connection == null) {
                opened.forEach(ChdbConnection::close);
                throw new StoreStartupException("chDB could not open the data directory " + dataDir
                        + " (is another data directory already open in this process?)");
            }
            opened.add(connection);
        }
        return List.copyOf(opened);
    }

    private static ChdbLibrary library(Path path) {
        synchronized (LIBRARY_LOCK) {
            if (loadedLibrary == null) {
                loadedLibrary = ChdbLibrary.load(path);
                ProcessExit.install();
            }
            return loadedLibrary;
        }
    }

    private static ThreadFactory platformThreadFactory() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> Thread.ofPlatform().daemon().name("chdb-" + count.incrementAndGet()).unstarted(runnable);
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(ChdbConnection connection);
    }
}
