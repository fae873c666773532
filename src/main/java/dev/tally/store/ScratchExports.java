package dev.tally.store;

import dev.tally.sql.Sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Exports that must be one whole file (Parquet) on the embedded engine: ClickHouse writes the query's
 * output with {@code INTO OUTFILE} to a scratch file under the data directory, which is then copied to
 * the caller and deleted. Memory stays constant; disk holds one export at a time per request.
 */
final class ScratchExports {
    private final Path folder;

    private ScratchExports(Path folder) {
        this.folder = folder;
    }

    /** The scratch folder {@code <data dir>/exports}, emptied of files a crash left behind. */
    static ScratchExports under(Path dataDir) {
        Path folder = dataDir.resolve("exports");
        try {
            Files.createDirectories(folder);
            try (Stream<Path> leftovers = Files.list(folder)) {
                for (Path leftover : leftovers.toList()) {
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException e) {
            throw new StoreStartupException("cannot prepare " + folder + " (" + e.getMessage()
                    + "): set TALLY_DATA_DIR to a writable directory");
        }
        return new ScratchExports(folder);
    }

    /** Runs {@code sql} into a scratch file in {@code format} through {@code run}, then copies it to {@code out}. */
    long copyThroughFile(Sql sql, String format, OutputStream out, BiConsumer<String, Map<String, String>> run) {
        Path file = folder.resolve("export-" + UUID.randomUUID() + ".out");
        try {
            // The path is generated here, never taken from a request; INTO OUTFILE takes only a literal.
            run.accept("SELECT * FROM (" + sql.text() + ") INTO OUTFILE " + quoted(file.toString()) + " FORMAT " + format,
                    EmbeddedClickHouse.textParams(sql));
            try (InputStream in = Files.newInputStream(file)) {
                return in.transferTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // Swept at the next start.
            }
        }
    }

    private static String quoted(String path) {
        return "'" + path.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
