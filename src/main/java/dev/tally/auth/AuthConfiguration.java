package dev.tally.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How API keys are cached and how revocations reach every Tally instance.
 *
 * @param cacheTtl               how long a key lookup is kept without asking ClickHouse again (a safety net:
 *                               revocations arrive through the poll long before)
 * @param revocationPollInterval how often each instance asks ClickHouse which keys and workspaces changed;
 *                               the bound on how late a revocation made on another instance takes effect
 * @param revocationPollOverlap  how far back each poll looks beyond the previous one, so clock skew
 *                               between instances and slow inserts cannot hide a change
 */
@ConfigurationProperties(AuthConfiguration.PREFIX)
public record AuthConfiguration(
        @Bindable(defaultValue = DEFAULT_CACHE_TTL) Duration cacheTtl,
        @Bindable(defaultValue = DEFAULT_REVOCATION_POLL_INTERVAL) Duration revocationPollInterval,
        @Bindable(defaultValue = DEFAULT_REVOCATION_POLL_OVERLAP) Duration revocationPollOverlap) {
    public static final String PREFIX = "tally.auth";
    public static final String DEFAULT_CACHE_TTL = "10m";
    public static final String DEFAULT_REVOCATION_POLL_INTERVAL = "1s";
    public static final String DEFAULT_REVOCATION_POLL_OVERLAP = "60s";
}
