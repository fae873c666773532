package dev.tally.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How many failed look-ups one client address may cause: requests with an unknown, revoked or malformed
 * API key, and redirects of unknown short links. Each such failure may have cost an engine query; beyond
 * the allowance the address gets 429s for look-ups that would reach the engine, until the window refills.
 *
 * @param limit             failures per address per period
 * @param period            the window, refilled gradually
 * @param trustForwardedFor take the client address from the first {@code X-Forwarded-For} entry (only
 *                          behind a proxy that sets it; otherwise a client could pick any address)
 */
@ConfigurationProperties(FailureLimitConfiguration.PREFIX)
public record FailureLimitConfiguration(
        @Bindable(defaultValue = DEFAULT_LIMIT) long limit,
        @Bindable(defaultValue = DEFAULT_PERIOD) Duration period,
        @Bindable(defaultValue = "false") boolean trustForwardedFor) {
    public static final String PREFIX = "tally.auth.failures";
    public static final String DEFAULT_LIMIT = "60";
    public static final String DEFAULT_PERIOD = "1m";
}
