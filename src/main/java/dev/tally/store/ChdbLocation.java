package dev.tally.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where libchdb.so is: the configured path, else the cache {@code scripts/fetch-chdb} fills
 * ({@code $TALLY_CACHE_DIR or ~/.cache/tally}/chdb/&lt;pinned version&gt;/libchdb.so).
 */
final class ChdbLocation {
    private ChdbLocation() {
    }

    static Path resolve(Path configured) {
        if (configured != null && !configured.toString().isBlank()) {
            return configured;
        }
        String cacheDir = System.getenv("TALLY_CACHE_DIR");
        Path cache = cacheDir == null || cacheDir.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "tally")
                : Path.of(cacheDir);
        return cache.resolve("chdb").resolve(pinnedVersion()).resolve("libchdb.so");
    }

    /** The chDB version the build pinned (pom.xml {@code chdb.version}), recorded in tally-build.properties. */
    static String pinnedVersion() {
        try (InputStream in = ChdbLocation.class.getResourceAsStream("/tally-build.properties")) {
            if (in == null) {
                throw new IllegalStateException("tally-build.properties is missing from the build");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("chdb.version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
