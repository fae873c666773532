package dev.tally.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark harness: {@code scripts/bench [short|full]} runs it and writes BENCHMARKS.md. Never part
 * of the unit tests (surefire excludes this package).
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "short";
        boolean full = mode.equals("full");
        Path workDir = Path.of("target", "bench");
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        Report report = new Report();
        String version = "";
        StoreBench store = new StoreBench(workDir, report);
        store.run(full ? 5000 : 2000);
        version = EngineVersion.read(workDir);
        report.write(Path.of("BENCHMARKS.md"), mode, version);
        System.out.println("wrote BENCHMARKS.md");
        System.exit(0);
    }

    static void deleteRecursively(Path path) throws java.io.IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path each : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}
