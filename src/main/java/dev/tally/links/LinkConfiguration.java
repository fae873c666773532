package dev.tally.links;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Short links and their redirect.
 *
 * @param defaultDomain      the domain a link gets when the request names none ({@code TALLY_SHORT_DOMAIN})
 * @param shortDomains       the hosts Tally redirects on; links may only use these (the default domain is always one)
 * @param cacheSeconds       how long a cached link serves before it is reloaded from ClickHouse (other
 *                           instances' edits show up within this)
 * @param cacheSize          links kept in memory for redirects and ingest
 * @param clickFlushMillis   how long redirect clicks wait in memory before being written in one insert
 * @param clickBufferSize    redirect clicks held in memory at most; beyond it new clicks are dropped and counted
 * @param deletedKeyReservation how long a deleted link's domain/key stays reserved for its workspace, so that
 *                           printed links and QR codes never redirect to another owner soon after a delete
 */
@ConfigurationProperties(LinkConfiguration.PREFIX)
public record LinkConfiguration(
        @Bindable(defaultValue = DEFAULT_DOMAIN) String defaultDomain,
        @Bindable(defaultValue = "") List<String> shortDomains,
        @Bindable(defaultValue = DEFAULT_CACHE_SECONDS) int cacheSeconds,
        @Bindable(defaultValue = DEFAULT_CACHE_SIZE) int cacheSize,
        @Bindable(defaultValue = DEFAULT_CLICK_FLUSH_MILLIS) int clickFlushMillis,
        @Bindable(defaultValue = DEFAULT_CLICK_BUFFER_SIZE) int clickBufferSize,
        @Bindable(defaultValue = DEFAULT_DELETED_KEY_RESERVATION) Duration deletedKeyReservation) {

    public static final String PREFIX = "tally.links";
    public static final String DEFAULT_DOMAIN = "tly.sh";
    public static final String DEFAULT_CACHE_SECONDS = "60";
    public static final String DEFAULT_CACHE_SIZE = "1000000";
    public static final String DEFAULT_CLICK_FLUSH_MILLIS = "200";
    public static final String DEFAULT_CLICK_BUFFER_SIZE = "200000";
    public static final String DEFAULT_DELETED_KEY_RESERVATION = "30d";

    public LinkConfiguration {
        shortDomains = shortDomains == null ? List.of() : shortDomains.stream().filter(d -> !d.isBlank()).toList();
    }

    /** Every domain Tally serves short links on: the default one and the configured ones. */
    public List<String> servedDomains() {
        return Stream.concat(Stream.of(defaultDomain), shortDomains.stream())
                .distinct().toList();
    }
}
