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
        // The bench sends thousands of requests a minute with one key: lift the per-key rate limit.
        try (AppUnderBench app = new AppUnderBench(workDir.resolve("app-data"), java.util.Map.of("tally.rate-limit.limit", 100_000_000,
                "tally.bi.requests-per-minute", 100_000_000))) {
            DataSetLoader.Loaded loaded = DataSetLoader.load(app.clickHouse(), generator, clicks);
            report.note(String.format(java.util.Locale.ROOT,
                    "data set: %,d generated events (%,d clicks with their leads and sales; %d workspaces, %,d links, 90 days) loaded straight into the store in %.1f s (%,.0f events/s)",
                    loaded.events(), clicks, generator.workspaces().size(), generator.links().size(), loaded.seconds(), loaded.eventsPerSecond()));
            TableSizes.report(app.clickHouse(), report);
            double waited = DataSetLoader.awaitQuietMerges(app.clickHouse(), java.time.Duration.ofMinutes(3));
            report.note(String.format(java.util.Locale.ROOT, "waited %.0f s for the load's background merges to finish before timing queries", waited));
            String busiest = generator.workspaces().getFirst();
            ApiBench api = new ApiBench(app.baseUri(), app.apiKey(busiest, dev.tally.auth.Scope.ANALYTICS_READ), report);
            api.everyGroupBy(full ? 200 : 60);
            api.underConcurrency(java.time.Duration.ofSeconds(full ? 10 : 4));
            // The seed surfaces over HTTP on this data set (a few hundred requests).
            SurfaceBench.run(app, generator, report, full ? 30 : 15);
        }
        new IngestBench(workDir, report, 50_000, full ? 16 : 8).run();
        AuthBench.run(workDir.resolve("auth-data"), report, full ? 10_000 : 3_000);
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
