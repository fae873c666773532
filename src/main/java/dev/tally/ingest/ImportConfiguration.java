package dev.tally.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Bulk imports (ADR 0110).
 *
 * @param maxBytes      largest import body (as sent, compressed or not) spooled to disk; larger is a 413
 * @param segmentLines  lines per committed segment: the unit of progress, memory and resume
 */
@ConfigurationProperties(ImportConfiguration.PREFIX)
public record ImportConfiguration(
        @Bindable(defaultValue = DEFAULT_MAX_BYTES) long maxBytes,
        @Bindable(defaultValue = DEFAULT_SEGMENT_LINES) int segmentLines) {

    public static final String PREFIX = "tally.imports";
    public static final String DEFAULT_MAX_BYTES = "107374182400";
    public static final String DEFAULT_SEGMENT_LINES = "100000";
}
