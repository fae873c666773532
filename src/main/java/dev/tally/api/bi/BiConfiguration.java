package dev.tally.api.bi;

import dev.tally.bi.BiLimits;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The BI endpoint ({@code tally.bi.*}): ClickHouse's HTTP interface for BI tools, always under
 * {@code /clickhouse} on the main port, and on a listener of its own when {@code port} is set.
 *
 * @param port                    the BI listener's port ({@code TALLY_BI_PORT}); absent ⇒ no listener of its own
 * @param host                    the address it binds
 * @param maxExecutionTimeSeconds ceiling of a statement's {@code max_execution_time}
 * @param maxResultRows           ceiling of {@code max_result_rows}
 * @param maxResultBytes          ceiling of {@code max_result_bytes} (JSON results are held whole, so bounded by this)
 * @param maxMemoryUsage          {@code max_memory_usage} of every statement, bytes
 * @param maxRowsToRead           {@code max_rows_to_read} of every statement
 * @param maxThreads              ceiling of {@code max_threads}
 * @param maxConcurrentQueries    statements running at once over all keys
 * @param concurrentQueriesPerKey statements one key may run at once (more: 429, {@code Code: 202})
 * @param requestsPerMinute       requests one key may make per minute (more: 429, {@code Code: 202})
 */
@ConfigurationProperties(BiConfiguration.PREFIX)
public record BiConfiguration(
        @Nullable Integer port,
        @Bindable(defaultValue = "0.0.0.0") String host,
        @Bindable(defaultValue = "60") int maxExecutionTimeSeconds,
        @Bindable(defaultValue = "10000000") long maxResultRows,
        @Bindable(defaultValue = "268435456") long maxResultBytes,
        @Bindable(defaultValue = "2147483648") long maxMemoryUsage,
        @Bindable(defaultValue = "2000000000") long maxRowsToRead,
        @Bindable(defaultValue = "2") int maxThreads,
        @Bindable(defaultValue = "8") int maxConcurrentQueries,
        @Bindable(defaultValue = "4") int concurrentQueriesPerKey,
        @Bindable(defaultValue = "600") long requestsPerMinute) {
    public static final String PREFIX = "tally.bi";

    public BiConfiguration {
        if (maxConcurrentQueries < 1 || concurrentQueriesPerKey < 1 || requestsPerMinute < 1 || maxExecutionTimeSeconds < 1) {
            throw new IllegalArgumentException(PREFIX + ": limits must be at least 1");
        }
    }

    BiLimits limits() {
        return new BiLimits(maxExecutionTimeSeconds, maxResultRows, maxResultBytes, maxMemoryUsage, maxRowsToRead, maxThreads);
    }
}
