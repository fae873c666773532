package dev.tally.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.util.concurrent.TimeUnit;

/**
 * Ingest's meters (docs/adr/0116): events accepted, duplicate and rejected per request line (a replayed
 * {@code Idempotency-Key} answer counts nothing again), and each engine insert's latency and rows (one insert
 * carries the rows of many requests and redirect clicks).
 */
@Singleton
public final class IngestMetrics {
    private final Counter accepted;
    private final Counter duplicate;
    private final Counter rejected;
    private final Timer insertOk;
    private final Timer insertFailed;
    private final DistributionSummary insertRows;

    IngestMetrics(MeterRegistry registry) {
        this.accepted = events(registry, "accepted");
        this.duplicate = events(registry, "duplicate");
        this.rejected = events(registry, "rejected");
        this.insertOk = insert(registry, "ok");
        this.insertFailed = insert(registry, "failed");
        this.insertRows = DistributionSummary.builder("tally.ingest.insert.rows")
                .description("Rows per engine insert (one insert batches many requests)").baseUnit("rows")
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(1_000_000.0).register(registry);
    }

    private static Counter events(MeterRegistry registry, String outcome) {
        return Counter.builder("tally.ingest.events").tag("outcome", outcome)
                .description("Ingested event lines by outcome").register(registry);
    }

    private static Timer insert(MeterRegistry registry, String outcome) {
        return Timer.builder("tally.ingest.insert").tag("outcome", outcome)
                .description("Engine insert latency (rows of one or more requests)").publishPercentileHistogram().register(registry);
    }

    /** One processed request's lines. */
    void lines(long acceptedCount, long duplicateCount, long rejectedCount) {
        accepted.increment(acceptedCount);
        duplicate.increment(duplicateCount);
        rejected.increment(rejectedCount);
    }

    /** One engine insert of {@code rows} rows that took {@code nanos}. */
    void insert(long rows, long nanos, boolean ok) {
        (ok ? insertOk : insertFailed).record(nanos, TimeUnit.NANOSECONDS);
        insertRows.record(rows);
    }
}
