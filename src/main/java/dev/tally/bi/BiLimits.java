package dev.tally.bi;

/**
 * The bounds every BI statement runs within, whatever the client asks for.
 *
 * @param maxExecutionTimeSeconds ceiling of {@code max_execution_time}
 * @param maxResultRows           ceiling of {@code max_result_rows}
 * @param maxResultBytes          ceiling of {@code max_result_bytes}
 * @param maxMemoryUsage          {@code max_memory_usage} (bytes)
 * @param maxRowsToRead           {@code max_rows_to_read}
 * @param maxThreads              ceiling of {@code max_threads}
 */
public record BiLimits(int maxExecutionTimeSeconds, long maxResultRows, long maxResultBytes, long maxMemoryUsage,
                       long maxRowsToRead, int maxThreads) {
}
