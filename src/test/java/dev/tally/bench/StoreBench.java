package dev.tally.bench;

import dev.tally.sql.Sql;
import dev.tally.store.BareChdb;
import dev.tally.store.EmbeddedClickHouse;
import dev.tally.store.OutputFormat;
import dev.tally.store.StoreConfiguration;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The store's figures: start-up to healthy, the port's overhead on a trivial query against a bare chDB
 * call, parallelism of concurrent queries, and heap while streaming a million rows.
 */
final class StoreBench {
    private final Path workDir;
    private final Report report;

    StoreBench(Path workDir, Report report) {
        this.workDir = workDir;
        this.report = report;
    }

    void run(int rounds) throws Exception {
        startUpToHealthy(Math.max(3, rounds / 200));
        Path dataDir = workDir.resolve("store-bench-data");
        try (EmbeddedClickHouse engine = new EmbeddedClickHouse(EmbeddedClickHouse.defaultLibraryPath(),
                new StoreConfiguration(null, "default", "", "tally", dataDir, null, 8, 60))) {
            portOverhead(engine, dataDir, rounds);
            concurrency(engine);
            streamingHeap(engine);
        }
    }

    private void startUpToHealthy(int rounds) throws Exception {
        Path jar = Path.of("target", "tally.jar");
        if (!Files.exists(jar)) {
            report.note("start-up: skipped (build target/tally.jar first with mvn package)");
            return;
        }
        HttpClient http = HttpClient.newHttpClient();
        long[] nanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            Path dataDir = workDir.resolve("startup-" + i);
            int port = 18_080 + i;
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("TALLY_DATA_DIR", dataDir.toString());
            builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
            long start = System.nanoTime();
            Process process = builder.start();
            try {
                HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(1)).build();
                long deadline = start + Duration.ofSeconds(60).toNanos();
                while (true) {
                    try {
                        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            break;
                        }
                    } catch (java.io.IOException notYet) {
                        // Not listening yet.
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Tally did not become healthy within 60 s");
                    }
                    Thread.sleep(20);
                }
                nanos[i] = System.nanoTime() - start;
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
        Stats stats = Stats.ofNanos(nanos);
        report.row("store", "start-up to healthy (process start → /health 200, fresh data dir)", stats, null, null);
    }

    private void portOverhead(EmbeddedClickHouse engine, Path dataDir, int rounds) {
        Sql trivial = Sql.of("SELECT 1 AS one");
        BareChdb bare = BareChdb.beside(engine, dataDir);
        try {
            Stats viaPort = Stats.time(rounds / 5, rounds, () -> engine.query(trivial));
            Stats bareCall = Stats.time(rounds / 5, rounds, () -> bare.query("SELECT 1 AS one", "JSONCompactEachRowWithNamesAndTypes"));
            report.row("store", "trivial query `SELECT 1` through the port", viaPort, bareCall.medianMillis(),
                    "bare chDB call, same format");
        } finally {
            bare.close();
        }
    }

    private void concurrency(EmbeddedClickHouse engine) throws Exception {
        Sql work = Sql.of("SELECT sum(cityHash64(number)) AS h FROM numbers(2000000)");
        Sql waiting = Sql.of("SELECT sleep(0.02) AS s");
        for (Sql sql : List.of(work, waiting)) {
            double single = queriesPerSecond(engine, sql, 1, 40);
            double eight = queriesPerSecond(engine, sql, 8, 40);
            report.note(String.format(Locale.ROOT, "concurrency, `%s`: %.1f queries/s on 1 thread, %.1f on 8 threads (×%.2f)",
                    sql.text(), single, eight, eight / single));
        }
    }

    private static double queriesPerSecond(EmbeddedClickHouse engine, Sql sql, int threads, int perThread) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        engine.query(sql);
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            return threads * perThread / ((System.nanoTime() - start) / 1e9);
        }
    }

    private void streamingHeap(EmbeddedClickHouse engine) {
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        System.gc();
        long before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        long bytes = engine.stream(Sql.of("SELECT number, toString(number) AS label, now64(3) AS ts FROM numbers(1000000)"),
                OutputFormat.CSV, OutputStream.nullOutputStream());
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        report.note(String.format(Locale.ROOT,
                "streaming 1,000,000 rows as CSV (%.1f MB) took %.2f s; heap before %.1f MB, peak during %.1f MB (sum of pool peaks; includes garbage not yet collected)",
                bytes / 1e6, seconds, before / 1e6, peak / 1e6));
    }
}
