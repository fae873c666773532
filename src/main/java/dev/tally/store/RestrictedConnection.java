package dev.tally.store;

import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * One fresh engine connection of its own, opened with settings that hold for everything run on it
 * ({@code --readonly=1}, {@code --additional_table_filters=…}, limits), for statements written by someone
 * other than Tally. Opened per statement (≈ 0.3–1 ms) so nothing a statement does outlives it.
 *
 * <p>Not thread-safe, and like every chDB call it belongs on a platform thread: callers run it on their
 * own (bounded) platform pool.
 */
public final class RestrictedConnection implements AutoCloseable {
    private final ChdbConnection connection;

    RestrictedConnection(ChdbConnection connection) {
        this.connection = connection;
    }

    /** The engine parser's verdict on {@code text}; nothing runs. */
    public StatementAnalysis analyse(String text) {
        return connection.classify(text);
    }

    /** Runs {@code text} and returns its whole output in {@code format}. */
    public byte[] query(String text, String format, Map<String, String> params) {
        return connection.query(text, format, params);
    }

    /**
     * Streams {@code text}'s output in {@code format} chunk by chunk. Each chunk is a complete output of
     * its own, so only formats without a header or footer may be streamed this way.
     */
    public long stream(String text, String format, Map<String, String> params, OutputStream out) {
        return connection.stream(text, format, params, out);
    }

    @Override
    public void close() {
        connection.close();
    }

    static RestrictedConnection open(ChdbLibrary library, List<String> arguments) {
        ChdbConnection connection = ChdbConnection.open(library, arguments);
        if (connection == null) {
            throw new StoreException(0, "the embedded engine refused a restricted connection");
        }
        return new RestrictedConnection(connection);
    }
}
