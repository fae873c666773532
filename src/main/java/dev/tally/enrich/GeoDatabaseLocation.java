package dev.tally.enrich;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the GeoLite2 City database is: the configured path, else the cache {@code scripts/fetch-geoip}
 * fills ({@code $TALLY_CACHE_DIR or ~/.cache/tally}/geoip/&lt;pinned version&gt;/GeoLite2-City.mmdb).
 */
final class GeoDatabaseLocation {
    private GeoDatabaseLocation() {
    }

    static Path resolve(Path configured) {
        if (configured != null && !configured.toString().isBlank()) {
            return configured;
        }
        String cacheDir = System.getenv("TALLY_CACHE_DIR");
        Path cache = cacheDir == null || cacheDir.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "tally")
                : Path.of(cacheDir);
        return cache.resolve("geoip").resolve(pinnedVersion()).resolve("GeoLite2-City.mmdb");
    }

    private static String pinnedVersion() {
        try (InputStream in = GeoDatabaseLocation.class.getResourceAsStream("/tally-build.properties")) {
            if (in == null) {
                throw new IllegalStateException("tally-build.properties is missing from the build");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("geoip.version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
