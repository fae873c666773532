package dev.tally.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Requests allowed per API key per window ({@code tally.rate-limit.*}). The window is fixed: the whole
 * allowance comes back at once when it ends, which is what {@code X-RateLimit-Reset} announces.
 *
 * @param limit      requests per window for a plan without its own limit (1,000 per minute, as in seeds/000)
 * @param period     the window
 * @param free       the free plan's limit, when it differs from {@code limit}
 * @param pro        the pro plan's limit
 * @param business   the business plan's limit
 * @param enterprise the enterprise plan's limit
 */
@ConfigurationProperties(RateLimitConfiguration.PREFIX)
public record RateLimitConfiguration(
        @Bindable(defaultValue = DEFAULT_LIMIT) long limit,
        @Bindable(defaultValue = DEFAULT_PERIOD) Duration period,
        @Nullable Long free,
        @Nullable Long pro,
        @Nullable Long business,
        @Nullable Long enterprise) {
    public static final String PREFIX = "tally.rate-limit";
    public static final String DEFAULT_LIMIT = "1000";
    public static final String DEFAULT_PERIOD = "1m";

    public RateLimitConfiguration {
        if (limit < 1) {
            throw new IllegalArgumentException(PREFIX + ".limit must be at least 1, got " + limit);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException(PREFIX + ".period must be positive, got " + period);
        }
    }

    /** The number of requests a key of a workspace on {@code plan} may make per window. */
    public long limitFor(Plan plan) {
        Long specific = switch (plan) {
            case FREE -> free;
            case PRO -> pro;
            case BUSINESS -> business;
            case ENTERPRISE -> enterprise;
        };
        return specific == null ? limit : specific;
    }
}
