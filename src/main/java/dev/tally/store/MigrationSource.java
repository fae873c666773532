package dev.tally.store;

import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the migration files packaged from {@code clickhouse/migrations/} beside the classes, whether
 * they run from a directory (tests) or from the runnable jar.
 */
@Singleton
final class MigrationSource {
    static final String FOLDER = "clickhouse/migrations";

    List<Migration> migrations() {
        return migrations(FOLDER);
    }

    /**
     * The migrations for this deployment: on a replicated cluster the generated files of {@code clickhouse/cluster/};
     * on the test-only plain-shard layout, the same derivation done in memory.
     */
    List<Migration> migrations(ClusterMode cluster) {
        if (!cluster.isCluster()) {
            return migrations();
        }
        return cluster.topology() == ClusterSchema.Topology.REPLICATED
                ? migrations(ClusterSchema.FOLDER)
                : ClusterSchema.derive(migrations(), ClusterSchema.Topology.PLAIN);
    }

    private List<Migration> migrations(String folder) {
        try {
            Path codeSource = Path.of(MigrationSource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(codeSource)) {
                return read(codeSource.resolve(folder));
            }
            try (FileSystem jar = FileSystems.newFileSystem(codeSource, Map.of())) {
                return read(jar.getPath("/" + folder));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Migration> read(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new StoreStartupException("the build packaged no " + FOLDER + " folder: rebuild with mvn package");
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Migration> migrations = files
                    .filter(file -> file.getFileName().toString().endsWith(".sql"))
                    .sorted(Comparator.comparing(file -> file.getFileName().toString()))
                    .map(MigrationSource::parse)
                    .toList();
            for (int i = 1; i < migrations.size(); i++) {
                if (migrations.get(i).version() == migrations.get(i - 1).version()) {
                    throw new StoreStartupException("two migrations share version " + migrations.get(i).version()
                            + ": " + migrations.get(i - 1).name() + " and " + migrations.get(i).name());
                }
            }
            return migrations;
        }
    }

    private static Migration parse(Path file) {
        try {
            return Migration.parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
