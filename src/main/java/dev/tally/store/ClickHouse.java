package dev.tally.store;

import dev.tally.sql.Sql;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * The narrow port every part of Tally talks to ClickHouse through. Two adapters implement it, the
 * embedded engine ({@link EmbeddedClickHouse}) and a server ({@link ServerClickHouse}); one contract test
 * suite holds both to the same behaviour. Implementations are safe for concurrent use.
 */
public interface ClickHouse extends AutoCloseable {

    /** {@code embedded} or {@code server}. */
    String engine();

    /** The ClickHouse version the engine reports, e.g. {@code 26.7.3.1}. */
    String version();

    /** Runs a statement that returns no rows (DDL, {@code INSERT … SELECT}, {@code ALTER}). */
    void execute(Sql sql);

    /** Runs a query with its bound parameters and returns its rows, typed from ClickHouse's column types. */
    Rows query(Sql sql);

    /**
     * Inserts rows encoded in a ClickHouse input format, read from {@code data} as they come, and returns
     * the number of rows written to {@code table}. {@code table} comes from code, never from a request.
     */
    long insert(String table, InputFormat format, InputStream data);

    /**
     * {@link #insert(String, InputFormat, InputStream)} that a server deduplicates by the token (the same token,
     * e.g. a hash of the rows, means the same rows: a retry writes nothing twice). Asked for only by engines
     * that use it: the embedded engine has no retries between processes, ignores it and never pays for it.
     */
    default long insert(String table, InputFormat format, InputStream data, Supplier<String> deduplicationToken) {
        return insert(table, format, data);
    }

    /**
     * Streams a query's result, encoded by ClickHouse in {@code format}, into {@code out} chunk by chunk,
     * never holding the whole result in memory. Returns the number of bytes written.
     */
    long stream(Sql sql, OutputFormat format, OutputStream out);

    /**
     * Starts an export: the query's whole result encoded by ClickHouse as one file in {@code format}
     * (text formats compressed as a whole with {@code compression}), read from the returned stream as the
     * engine writes it. {@link ExportStream#start()} reports a refused statement before any byte; closing
     * the stream early cancels the engine's statement. Exports have their own engine connections.
     */
    ExportStream export(Sql sql, ExportFormat format, Compression compression);

    @Override
    void close();
}
