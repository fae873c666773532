package dev.tally.bench;

import dev.tally.store.EmbeddedClickHouse;
import dev.tally.store.StoreConfiguration;

import java.nio.file.Path;

/** The embedded engine's ClickHouse version, for the report's machine section. */
final class EngineVersion {
    private EngineVersion() {
    }

    static String read(Path workDir) {
        try (EmbeddedClickHouse engine = new EmbeddedClickHouse(EmbeddedClickHouse.defaultLibraryPath(),
                new StoreConfiguration(null, "default", "", "tally", workDir.resolve("store-bench-data"), null, 1, 60))) {
            return engine.version();
        }
    }
}
