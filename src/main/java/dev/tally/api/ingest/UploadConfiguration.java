package dev.tally.api.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Limits that keep slow or piled-up batch uploads from holding the server (issue 11, defect 2).
 *
 * @param maxConcurrentPerKey  batch uploads one API key may have in progress; more wait for a slot
 * @param minBytesPerSecond    the average rate a body must keep after the grace period, or it is cut off with 408
 * @param graceSeconds         how long a body may take before its rate is checked
 * @param maxWait              how long an upload waits for one of its key's slots before a 429 with Retry-After (0: not at all)
 * @param maxWaitingPerKey     uploads of one key that may wait at once; more answer 429 at once (ADR 0155)
 */
@ConfigurationProperties(UploadConfiguration.PREFIX)
public record UploadConfiguration(
        @Bindable(defaultValue = DEFAULT_MAX_CONCURRENT_PER_KEY) int maxConcurrentPerKey,
        @Bindable(defaultValue = DEFAULT_MIN_BYTES_PER_SECOND) long minBytesPerSecond,
        @Bindable(defaultValue = DEFAULT_GRACE_SECONDS) int graceSeconds,
        @Bindable(defaultValue = DEFAULT_MAX_WAIT) Duration maxWait,
        @Bindable(defaultValue = DEFAULT_MAX_WAITING_PER_KEY) int maxWaitingPerKey) {

    public static final String PREFIX = "tally.ingest.uploads";
    public static final String DEFAULT_MAX_CONCURRENT_PER_KEY = "8";
    public static final String DEFAULT_MIN_BYTES_PER_SECOND = "4096";
    public static final String DEFAULT_GRACE_SECONDS = "10";
    public static final String DEFAULT_MAX_WAIT = "5s";
    public static final String DEFAULT_MAX_WAITING_PER_KEY = "16";
}
