package dev.tally.runner;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The exact result cache ({@link ResultCache}).
 *
 * @param enabled     {@code TALLY_CACHE_ENABLED}; off, every answer is computed (benchmarks run both ways)
 * @param maximumRows how many result rows the cache holds at most, over all entries (an entry weighs its rows + 1)
 */
@ConfigurationProperties(CacheConfiguration.PREFIX)
public record CacheConfiguration(
        @Bindable(defaultValue = DEFAULT_ENABLED) boolean enabled,
        @Bindable(defaultValue = DEFAULT_MAXIMUM_ROWS) long maximumRows) {

    public static final String PREFIX = "tally.cache";
    public static final String DEFAULT_ENABLED = "true";
    public static final String DEFAULT_MAXIMUM_ROWS = "100000";

    public CacheConfiguration {
        if (maximumRows < 0) {
            throw new IllegalArgumentException("tally.cache.maximum-rows must not be negative, not " + maximumRows);
        }
    }
}
