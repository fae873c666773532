package dev.tally.enrich;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;

/**
 * How ingest enriches events.
 *
 * @param ipSalt             secret mixed into every IP hash ({@code TALLY_IP_SALT}); the raw IP is never stored,
 *                           and without the salt a hash can't be turned back into an address by trying all IPs
 * @param geoipDatabase      GeoLite2 City MMDB file ({@code TALLY_GEOIP_DATABASE}); absent ⇒ the cache
 *                           {@code scripts/fetch-geoip} fills
 * @param userAgentCacheSize distinct user agents kept parsed (real traffic repeats a few thousand strings)
 */
@ConfigurationProperties(EnrichConfiguration.PREFIX)
public record EnrichConfiguration(
        @Bindable(defaultValue = DEFAULT_IP_SALT) String ipSalt,
        @Nullable Path geoipDatabase,
        @Bindable(defaultValue = DEFAULT_USER_AGENT_CACHE_SIZE) int userAgentCacheSize) {

    public static final String PREFIX = "tally.enrich";
    public static final String DEFAULT_IP_SALT = "tally-development-salt";
    public static final String DEFAULT_USER_AGENT_CACHE_SIZE = "20000";
}
