package dev.tally.store;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The chDB C API ({@code chdb.h}) bound with {@code java.lang.foreign}: one downcall handle per function
 * Tally uses. Knows nothing about pooling, threads or SQL; {@link ChdbConnection} builds on it.
 */
final class ChdbLibrary {
    private static final Linker LINKER = Linker.nativeLinker();

    final MethodHandle version;
    final MethodHandle setSignalHandlersEnabled;
    final MethodHandle connect;
    final MethodHandle closeConnection;
    final MethodHandle queryWithParams;
    final MethodHandle streamQueryWithParams;
    final MethodHandle streamFetchResult;
    final MethodHandle streamCancelQuery;
    final MethodHandle destroyQueryResult;
    final MethodHandle resultBuffer;
    final MethodHandle resultLength;
    final MethodHandle resultElapsed;
    final MethodHandle resultRowsRead;
    final MethodHandle resultRowsWritten;
    final MethodHandle resultError;
    final MethodHandle streamInsert;
    final MethodHandle streamAppend;
    final MethodHandle streamDone;
    final MethodHandle streamInsertError;
    final MethodHandle destroyInsertStream;
    /** clickhouse-local's command line in this process; only the test-scope server launcher uses it. */
    final MethodHandle queryCmdline;
    final MethodHandle classifyQuery;

    private ChdbLibrary(SymbolLookup symbols) {
        version = bind(symbols, "chdb_version", FunctionDescriptor.of(ADDRESS));
        setSignalHandlersEnabled = bind(symbols, "chdb_set_signal_handlers_enabled", FunctionDescriptor.ofVoid(JAVA_INT));
        connect = bind(symbols, "chdb_connect", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
        closeConnection = bind(symbols, "chdb_close_conn", FunctionDescriptor.ofVoid(ADDRESS));
        // chdb_result *(conn, query, query_len, format, format_len, names, name_lens, values, value_lens, count)
        FunctionDescriptor withParams = FunctionDescriptor.of(ADDRESS,
                ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
        queryWithParams = bind(symbols, "chdb_query_with_params_n", withParams);
        streamQueryWithParams = bind(symbols, "chdb_stream_query_with_params_n", withParams);
        streamFetchResult = bind(symbols, "chdb_stream_fetch_result", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        streamCancelQuery = bind(symbols, "chdb_stream_cancel_query", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        destroyQueryResult = bind(symbols, "chdb_destroy_query_result", FunctionDescriptor.ofVoid(ADDRESS));
        resultBuffer = bind(symbols, "chdb_result_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS));
        resultLength = bind(symbols, "chdb_result_length", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultElapsed = bind(symbols, "chdb_result_elapsed", FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS));
        resultRowsRead = bind(symbols, "chdb_result_rows_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultRowsWritten = bind(symbols, "chdb_result_rows_written", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultError = bind(symbols, "chdb_result_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
        streamInsert = bind(symbols, "chdb_stream_insert_n",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
        streamAppend = bind(symbols, "chdb_stream_append", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
        streamDone = bind(symbols, "chdb_stream_done", FunctionDescriptor.of(ADDRESS, ADDRESS));
        streamInsertError = bind(symbols, "chdb_stream_insert_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
        destroyInsertStream = bind(symbols, "chdb_destroy_insert_stream", FunctionDescriptor.ofVoid(ADDRESS));
        queryCmdline = bind(symbols, "chdb_query_cmdline", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
        // chdb_state (conn, query, query_len, target_database, target_database_len, chdb_query_analysis_v1 *out)
        classifyQuery = bind(symbols, "chdb_classify_query_n",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS));
    }

    /**
     * Loads the library once per process and turns off chDB's own crash-signal handlers.
     *
     * Tricky: chDB installs handlers for SIGSEGV and friends on first connect; the JVM relies on those
     * signals for implicit null checks and stack banging, and hangs on its first ordinary
     * NullPointerException in compiled code if chDB owns them. So they are disabled before any connect.
     */
    static ChdbLibrary load(Path path) {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new StoreStartupException("the chDB library " + path + " is not a readable file:"
                    + " run scripts/fetch-chdb, or point TALLY_CHDB_LIBRARY at libchdb.so");
        }
        SymbolLookup symbols;
        try {
            symbols = SymbolLookup.libraryLookup(path, Arena.global());
        } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
            throw new StoreStartupException("the chDB library " + path + " cannot be loaded (" + e.getMessage()
                    + "): run scripts/fetch-chdb, or point TALLY_CHDB_LIBRARY at a Linux x86-64 libchdb.so");
        }
        ChdbLibrary library = new ChdbLibrary(symbols);
        try {
            library.setSignalHandlersEnabled.invokeExact(0);
        } catch (Throwable e) {
            throw new IllegalStateException("chdb_set_signal_handlers_enabled failed", e);
        }
        return library;
    }

    String versionString() {
        try {
            MemorySegment text = (MemorySegment) version.invokeExact();
            return NativeStrings.read(text);
        } catch (Throwable e) {
            throw new IllegalStateException("chdb_version failed", e);
        }
    }

    private static MethodHandle bind(SymbolLookup symbols, String name, FunctionDescriptor descriptor) {
        MemorySegment address = symbols.find(name).orElseThrow(() -> new StoreStartupException(
                "the chDB library lacks " + name + ": use the pinned version from scripts/fetch-chdb"));
        return LINKER.downcallHandle(address, descriptor);
    }
}
