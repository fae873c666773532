package dev.tally.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * The operator's admin token ({@code TALLY_ADMIN_TOKEN}). Unset or blank: there is no admin API at all.
 *
 * @param token the bearer token the admin API accepts
 */
@ConfigurationProperties(AdminConfiguration.PREFIX)
public record AdminConfiguration(@Nullable String token) {
    public static final String PREFIX = "tally.admin";
    /** The property that switches the admin API on; used with {@code @Requires(property = …, pattern = …)}. */
    public static final String TOKEN_PROPERTY = PREFIX + ".token";
    public static final String NON_BLANK = ".*\\S.*";

    public boolean enabled() {
        return token != null && !token.isBlank();
    }

    @Override
    public String toString() {
        return "AdminConfiguration[token=" + (enabled() ? "(set)" : "(unset)") + "]";
    }
}
