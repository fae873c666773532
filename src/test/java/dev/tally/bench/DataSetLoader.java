package dev.tally.bench;

import dev.tally.store.ClickHouse;
import dev.tally.store.InputFormat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Loads generated traffic straight into the store (for 10–100 M events the ingest API would take too
 * long to set up a benchmark): links first, then clicks in slices generated on every core.
 */
final class DataSetLoader {
    private static final long CLICKS_PER_SLICE = 100_000;

    record Loaded(long events, double seconds) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    private DataSetLoader() {
    }

    static Loaded load(ClickHouse clickHouse, TrafficGenerator generator, long clicks) throws Exception {
        ByteArrayOutputStream links = new ByteArrayOutputStream();
        generator.writeLinkRows(links);
        clickHouse.insert("links", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(links.toByteArray()));

        long start = System.nanoTime();
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        long total = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Long>> slices = new ArrayList<>();
            for (long first = 0; first < clicks; first += CLICKS_PER_SLICE) {
                long from = first;
                long count = Math.min(CLICKS_PER_SLICE, clicks - first);
                slices.add(pool.submit(() -> {
                    ByteArrayOutputStream rows = new ByteArrayOutputStream((int) (count * 700));
                    long events = generator.writeEventRows(count, from, rows);
                    clickHouse.insert("events", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(rows.toByteArray()));
                    return events;
                }));
            }
            for (Future<Long> slice : slices) {
                total += slice.get();
            }
        }
        return new Loaded(total, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Waits (up to {@code limit}) until ClickHouse has no merge running in Tally's database, so latency
     * figures are taken in steady state rather than beside the background merges a bulk load starts.
     * Returns the seconds waited.
     */
    static double awaitQuietMerges(ClickHouse clickHouse, java.time.Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        dev.tally.sql.Sql running = dev.tally.sql.Sql.of(
                "SELECT count() AS merges FROM system.merges WHERE database = currentDatabase()");
        while (clickHouse.query(running).single().longValue("merges") > 0 && System.nanoTime() - start < limit.toNanos()) {
            Thread.sleep(500);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
