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

        long clicks = Long.getLong("bench.clicks", full ? 10_000_000L : 1_000_000L);
        TrafficGenerator generator = new TrafficGenerator(42, full ? 50 : 20, full ? 2_000 : 500, 90,
                java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        try (AppUnderBench app = new AppUnderBench(workDir.resolve("app-data"), java.util.Map.of())) {
            DataSetLoader.Loaded loaded = DataSetLoader.load(app.clickHouse(), generator, clicks);
            report.note(String.format(java.util.Locale.ROOT,
                    "data set: %,d generated events (%,d clicks with their leads and sales; %d workspaces, %,d links, 90 days) loaded straight into the store in %.1f s (%,.0f events/s)",
                    loaded.events(), clicks, generator.workspaces().size(), generator.links().size(), loaded.seconds(), loaded.eventsPerSecond()));
            TableSizes.report(app.clickHouse(), report);
            // The seed surfaces over HTTP on this data set (a few hundred requests, under the default rate limit).
            SurfaceBench.run(app, generator, report, full ? 30 : 15);
        }
        new IngestBench(workDir, report, 50_000, full ? 16 : 8).run();
        report.note(MemoryPeaks.describe());
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
