package dev.tally.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Ingest limits and batching.
 *
 * @param maxBatchBytes          largest NDJSON body accepted (64 MiB); larger is a 413 and nothing is written
 * @param maxBatchLines          most lines in one batch; more is a 413 and nothing is written
 * @param maxLineBytes           longest single event line; longer lines are rejected one by one
 * @param maxRowsPerInsert       rows coalesced into one ClickHouse insert at most
 * @param insertThreads          inserts running at once
 * @param recentEventIds         committed event ids remembered in memory (older ones are checked in the table)
 * @param idempotencyKeyHours    how long an {@code Idempotency-Key} is remembered
 * @param maxConcurrentBatches   batches parsed and encoded at once in this process; more wait unread (ADR 0110)
 */
@ConfigurationProperties(IngestConfiguration.PREFIX)
public record IngestConfiguration(
        @Bindable(defaultValue = DEFAULT_MAX_BATCH_BYTES) long maxBatchBytes,
        @Bindable(defaultValue = DEFAULT_MAX_BATCH_LINES) int maxBatchLines,
        @Bindable(defaultValue = DEFAULT_MAX_LINE_BYTES) int maxLineBytes,
        @Bindable(defaultValue = DEFAULT_MAX_ROWS_PER_INSERT) int maxRowsPerInsert,
        @Bindable(defaultValue = DEFAULT_INSERT_THREADS) int insertThreads,
        @Bindable(defaultValue = DEFAULT_RECENT_EVENT_IDS) int recentEventIds,
        @Bindable(defaultValue = DEFAULT_IDEMPOTENCY_KEY_HOURS) int idempotencyKeyHours,
        @Bindable(defaultValue = DEFAULT_MAX_CONCURRENT_BATCHES) int maxConcurrentBatches) {

    public static final String PREFIX = "tally.ingest";
    public static final String DEFAULT_MAX_BATCH_BYTES = "67108864";
    public static final String DEFAULT_MAX_BATCH_LINES = "1000000";
    public static final String DEFAULT_MAX_LINE_BYTES = "65536";
    public static final String DEFAULT_MAX_ROWS_PER_INSERT = "500000";
    public static final String DEFAULT_INSERT_THREADS = "2";
    public static final String DEFAULT_RECENT_EVENT_IDS = "2000000";
    public static final String DEFAULT_IDEMPOTENCY_KEY_HOURS = "24";
    public static final String DEFAULT_MAX_CONCURRENT_BATCHES = "8";
}
