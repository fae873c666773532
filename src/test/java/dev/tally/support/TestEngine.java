package dev.tally.support;

import dev.tally.store.EmbeddedClickHouse;
import dev.tally.store.StoreConfiguration;

import java.nio.file.Path;

/**
 * The one embedded data directory every test in the JVM uses: chDB opens a single data path per
 * process, so Micronaut test contexts and store-level tests share it (each closes what it opens).
 */
public final class TestEngine {
    public static final Path DATA_DIR = Path.of("target", "test-data");

    private TestEngine() {
    }

    /** An embedded engine on the shared test directory; the caller closes it. */
    public static EmbeddedClickHouse openEmbedded() {
        return new EmbeddedClickHouse(EmbeddedClickHouse.defaultLibraryPath(), embeddedConfiguration());
    }

    public static StoreConfiguration embeddedConfiguration() {
        return new StoreConfiguration(null, StoreConfiguration.DEFAULT_USER, "", StoreConfiguration.DEFAULT_DATABASE,
                DATA_DIR, null, Integer.parseInt(StoreConfiguration.DEFAULT_POOL_SIZE),
                Integer.parseInt(StoreConfiguration.DEFAULT_MAX_EXECUTION_TIME_SECONDS));
    }
}
