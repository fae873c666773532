package dev.tally.store;

import java.util.Map;

/** Benchmarks' view of one raw chDB connection, to time a call made bare against the same call through the port. */
public final class BareChdb {
    private final ChdbConnection connection;

    private BareChdb(ChdbConnection connection) {
        this.connection = connection;
    }

    /** A connection to the data directory the engine already has open (chDB allows several). */
    public static BareChdb beside(EmbeddedClickHouse engine, java.nio.file.Path dataDir) {
        ChdbLibrary library = ChdbLibrary.load(EmbeddedClickHouse.defaultLibraryPath());
        ChdbConnection connection = ChdbConnection.open(library, java.util.List.of("--path=" + dataDir.toAbsolutePath().normalize()));
        if (connection == null) {
            throw new IllegalStateException("could not open a bare chDB connection");
        }
        return new BareChdb(connection);
    }

    public byte[] query(String text, String format) {
        return connection.query(text, format, Map.of());
    }

    /** The statement with its parameters bound server-side, in the port's own output format. */
    public byte[] query(dev.tally.sql.Sql sql) {
        return connection.query(sql.text(), RowsReader.FORMAT, EmbeddedClickHouse.textParams(sql));
    }

    public void close() {
        connection.close();
    }
}
