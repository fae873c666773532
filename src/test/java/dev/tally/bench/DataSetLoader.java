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
}
