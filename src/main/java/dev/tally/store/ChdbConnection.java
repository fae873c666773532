package dev.tally.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One chDB connection. Not thread-safe: chDB runs one statement at a time per connection (parameterised
 * queries from several threads on one connection return wrong results, and any statement kills a stream
 * open on it), so {@link EmbeddedClickHouse} lends each connection to one thread at a time.
 */
final class ChdbConnection implements AutoCloseable {
    private static final int CHUNK_BYTES = 1 << 20;

    private final ChdbLibrary library;
    private final MemorySegment handle;
    private final MemorySegment connection;
    private boolean closed;

    private ChdbConnection(ChdbLibrary library, MemorySegment handle) {
        this.library = library;
        this.handle = handle;
        this.connection = handle.reinterpret(ADDRESS.byteSize()).get(ADDRESS, 0);
        NativeGate.opened(this);
    }

    /** Connects with command-line style arguments ({@code --path=…}, {@code --setting=value}); null on failure. */
    static ChdbConnection open(ChdbLibrary library, List<String> arguments) {
        NativeGate.enter();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment argv = arena.allocate(ADDRESS, arguments.size() + 1L);
            argv.setAtIndex(ADDRESS, 0, arena.allocateFrom("tally"));
            for (int i = 0; i < arguments.size(); i++) {
                argv.setAtIndex(ADDRESS, i + 1L, arena.allocateFrom(arguments.get(i)));
            }
            MemorySegment handle = (MemorySegment) library.connect.invokeExact(arguments.size() + 1, argv);
            return handle.equals(MemorySegment.NULL) ? null : new ChdbConnection(library, handle);
        } catch (Throwable e) {
            throw new IllegalStateException("chdb_connect failed", e);
        } finally {
            NativeGate.leave();
        }
    }

    /** Runs a statement and returns its whole output in {@code format}. */
    byte[] query(String text, String format, Map<String, String> params) {
        NativeGate.enter();
        try (Arena arena = Arena.ofConfined()) {
            NativeCall call = NativeCall.of(arena, text, format, params);
            MemorySegment result = (MemorySegment) library.queryWithParams.invokeExact(connection,
                    call.text(), call.textLength(), call.format(), call.formatLength(),
                    call.names(), call.nameLengths(), call.values(), call.valueLengths(), call.count());
            try {
                throwIfFailed(result);
                return bytes(result);
            } finally {
                destroy(result);
            }
        } catch (StoreException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("chdb_query_with_params_n failed", e);
        } finally {
            NativeGate.leave();
        }
    }

    /** Streams a statement's output in {@code format} to {@code out}; returns bytes written. */
    long stream(String text, String format, Map<String, String> params, OutputStream out) {
        NativeGate.enter();
        try (Arena arena = Arena.ofConfined()) {
            NativeCall call = NativeCall.of(arena, text, format, params);
            MemorySegment stream = (MemorySegment) library.streamQueryWithParams.invokeExact(connection,
                    call.text(), call.textLength(), call.format(), call.formatLength(),
                    call.names(), call.nameLengths(), call.values(), call.valueLengths(), call.count());
            boolean finished = false;
            try {
                throwIfFailed(stream);
                byte[] copy = new byte[CHUNK_BYTES];
                long written = 0;
                while (true) {
                    MemorySegment chunk = (MemorySegment) library.streamFetchResult.invokeExact(connection, stream);
                    try {
                        throwIfFailed(chunk);
                        long length = (long) library.resultLength.invokeExact(chunk);
                        if (length == 0) {
                            finished = true;
                            return written;
                        }
                        MemorySegment data = ((MemorySegment) library.resultBuffer.invokeExact(chunk)).reinterpret(length);
                        for (long offset = 0; offset < length; offset += copy.length) {
                            int piece = (int) Math.min(copy.length, length - offset);
                            MemorySegment.copy(data, JAVA_BYTE, offset, copy, 0, piece);
                            out.write(copy, 0, piece);
                        }
                        written += length;
                    } finally {
                        destroy(chunk);
                    }
                }
            } finally {
                // Tricky: a stream that failed to open is NULL; cancelling or destroying it would crash.
                if (!finished && !stream.equals(MemorySegment.NULL)) {
                    library.streamCancelQuery.invokeExact(connection, stream);
                }
                destroy(stream);
            }
        } catch (StoreException | UncheckedIOException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Throwable e) {
            throw new IllegalStateException("chdb streaming query failed", e);
        } finally {
            NativeGate.leave();
        }
    }

    /**
     * Streams {@code data} in {@code format} into an {@code INSERT} statement chunk by chunk and commits
     * it; returns the rows written (cascaded materialized views included, as chDB counts them).
     */
    long insert(String insertStatement, String format, InputStream data) {
        NativeGate.enter();
        try (Arena arena = Arena.ofConfined()) {
            byte[] statementBytes = insertStatement.getBytes(StandardCharsets.UTF_8);
            byte[] formatBytes = format.getBytes(StandardCharsets.UTF_8);
            MemorySegment stream = (MemorySegment) library.streamInsert.invokeExact(connection,
                    arena.allocateFrom(JAVA_BYTE, statementBytes), (long) statementBytes.length,
                    arena.allocateFrom(JAVA_BYTE, formatBytes), (long) formatBytes.length);
            if (stream.equals(MemorySegment.NULL)) {
                throw new StoreException(0, "chDB could not open an insert into " + insertStatement.substring("INSERT INTO ".length()));
            }
            try {
                throwIfInsertFailed(stream);
                byte[] chunk = new byte[CHUNK_BYTES];
                MemorySegment nativeChunk = arena.allocate(CHUNK_BYTES);
                int read;
                while ((read = data.readNBytes(chunk, 0, chunk.length)) > 0) {
                    MemorySegment.copy(chunk, 0, nativeChunk, JAVA_BYTE, 0, read);
                    int state = (int) library.streamAppend.invokeExact(stream, nativeChunk, (long) read);
                    if (state != 0) {
                        throwIfInsertFailed(stream);
                        throw new StoreException(0, "chDB refused an insert chunk");
                    }
                }
                MemorySegment result = (MemorySegment) library.streamDone.invokeExact(stream);
                try {
                    throwIfFailed(result);
                    return (long) library.resultRowsWritten.invokeExact(result);
                } finally {
                    destroy(result);
                }
            } finally {
                library.destroyInsertStream.invokeExact(stream);
            }
        } catch (StoreException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Throwable e) {
            throw new IllegalStateException("chdb streaming insert failed", e);
        } finally {
            NativeGate.leave();
        }
    }

    /**
     * The engine's own parser says how many statements {@code text} holds and what the strongest of them
     * does ({@code chdb_classify_query_n}); nothing is executed. Text that does not parse is
     * {@link StatementClass#UNKNOWN} with zero statements.
     */
    StatementAnalysis classify(String text) {
        try (Arena arena = Arena.ofConfined()) {
            byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
            // chdb_query_analysis_v1: uint32 struct_size, statement_count, flags, query_class
            MemorySegment analysis = arena.allocate(16);
            analysis.set(JAVA_INT, 0, 16);
            int state = (int) library.classifyQuery.invokeExact(connection,
                    arena.allocateFrom(JAVA_BYTE, textBytes), (long) textBytes.length,
                    MemorySegment.NULL, 0L, analysis);
            if (state != 0) {
                throw new StoreException(0, "chdb_classify_query_n could not analyse the statement");
            }
            return new StatementAnalysis(analysis.get(JAVA_INT, 4), StatementClass.of(analysis.get(JAVA_INT, 12)));
        } catch (StoreException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("chdb_classify_query_n failed", e);
        }
    }

    /**
     * Tricky: when a statement fails after its output format wrote a prefix (a header line, say), chDB
     * keeps that prefix and hands it out ahead of the next statement's result on this connection. One
     * throwaway statement after every failure takes the leftover with it.
     */
    void discardLeftoverOutput() {
        query("SELECT 1", "TSV", Map.of());
    }

    /** Closes once; a second call (the engine's close after the exit hook's, say) does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        NativeGate.closed(this);
        try {
            library.closeConnection.invokeExact(handle);
        } catch (Throwable e) {
            throw new IllegalStateException("chdb_close_conn failed", e);
        }
    }

    private void throwIfFailed(MemorySegment result) throws Throwable {
        if (result.equals(MemorySegment.NULL)) {
            throw new StoreException(0, "chDB returned no result (is the connection closed?)");
        }
        String error = NativeStrings.read((MemorySegment) library.resultError.invokeExact(result));
        if (error != null && !error.isEmpty()) {
            throw StoreException.fromEngineMessage(error);
        }
    }

    private void throwIfInsertFailed(MemorySegment stream) throws Throwable {
        String error = NativeStrings.read((MemorySegment) library.streamInsertError.invokeExact(stream));
        if (error != null && !error.isEmpty()) {
            throw StoreException.fromEngineMessage(error);
        }
    }

    private byte[] bytes(MemorySegment result) throws Throwable {
        long length = (long) library.resultLength.invokeExact(result);
        if (length == 0) {
            return new byte[0];
        }
        MemorySegment buffer = (MemorySegment) library.resultBuffer.invokeExact(result);
        return buffer.reinterpret(length).toArray(JAVA_BYTE);
    }

    private void destroy(MemorySegment result) throws Throwable {
        if (!result.equals(MemorySegment.NULL)) {
            library.destroyQueryResult.invokeExact(result);
        }
    }

    /** The native arguments of one parameterised call, allocated in the caller's arena. */
    private record NativeCall(MemorySegment text, long textLength, MemorySegment format, long formatLength,
                              MemorySegment names, MemorySegment nameLengths,
                              MemorySegment values, MemorySegment valueLengths, long count) {

        static NativeCall of(Arena arena, String text, String format, Map<String, String> params) {
            byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
            byte[] formatBytes = format.getBytes(StandardCharsets.UTF_8);
            int count = params.size();
            MemorySegment names = arena.allocate(ADDRESS, Math.max(1, count));
            MemorySegment nameLengths = arena.allocate(JAVA_LONG, Math.max(1, count));
            MemorySegment values = arena.allocate(ADDRESS, Math.max(1, count));
            MemorySegment valueLengths = arena.allocate(JAVA_LONG, Math.max(1, count));
            int i = 0;
            for (Map.Entry<String, String> param : params.entrySet()) {
                byte[] name = param.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] value = param.getValue().getBytes(StandardCharsets.UTF_8);
                names.setAtIndex(ADDRESS, i, arena.allocateFrom(JAVA_BYTE, name));
                nameLengths.setAtIndex(JAVA_LONG, i, name.length);
                values.setAtIndex(ADDRESS, i, value.length == 0 ? arena.allocate(1) : arena.allocateFrom(JAVA_BYTE, value));
                valueLengths.setAtIndex(JAVA_LONG, i, value.length);
                i++;
            }
            return new NativeCall(arena.allocateFrom(JAVA_BYTE, textBytes), textBytes.length,
                    arena.allocateFrom(JAVA_BYTE, formatBytes), formatBytes.length,
                    names, nameLengths, values, valueLengths, count);
        }
    }
}
