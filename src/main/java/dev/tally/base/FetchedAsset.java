package dev.tally.base;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A pinned file the build fetches into a cache outside the repository ({@code scripts/fetch-chdb},
 * {@code scripts/fetch-geoip}): {@code $TALLY_CACHE_DIR or ~/.cache/tally}/&lt;folder&gt;/&lt;pinned version&gt;/&lt;file&gt;.
 * The pinned versions come from pom.xml through tally-build.properties.
 */
public enum FetchedAsset {
    CHDB_LIBRARY("chdb", "chdb.version", "libchdb.so"),
    GEOIP_DATABASE("geoip", "geoip.version", "GeoLite2-City.mmdb");

    private final String folder;
    private final String versionProperty;
    private final String fileName;

    FetchedAsset(String folder, String versionProperty, String fileName) {
        this.folder = folder;
        this.versionProperty = versionProperty;
        this.fileName = fileName;
    }

    /** The configured path when there is one, else the file in the cache. */
    public Path resolve(Path configured) {
        if (configured != null && !configured.toString().isBlank()) {
            return configured;
        }
        String cacheDir = System.getenv("TALLY_CACHE_DIR");
        Path cache = cacheDir == null || cacheDir.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "tally")
                : Path.of(cacheDir);
        return cache.resolve(folder).resolve(pinnedVersion()).resolve(fileName);
    }

    /** The version the build pinned. */
    public String pinnedVersion() {
        try (InputStream in = FetchedAsset.class.getResourceAsStream("/tally-build.properties")) {
            if (in == null) {
                throw new IllegalStateException("tally-build.properties is missing from the build");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty(versionProperty);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
