package dev.tally.api.export;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Limits of {@code GET /api/v1/events/export}.
 *
 * @param maxConcurrentPerKey exports one API key may run at once (429 beyond)
 * @param maxConcurrent       exports this instance runs at once (429 beyond); the embedded engine has
 *                            {@link dev.tally.store.EmbeddedClickHouse#EXPORT_CONNECTIONS} export connections
 * @param serverSyncLag       with a ClickHouse server: how far behind the server's clock an incremental pull's
 *                            upper bound stays, to trail inserts other Tally instances still have in flight
 */
@ConfigurationProperties(ExportConfiguration.PREFIX)
public record ExportConfiguration(
        @Bindable(defaultValue = DEFAULT_MAX_CONCURRENT_PER_KEY) int maxConcurrentPerKey,
        @Bindable(defaultValue = DEFAULT_MAX_CONCURRENT) int maxConcurrent,
        @Bindable(defaultValue = DEFAULT_SERVER_SYNC_LAG) Duration serverSyncLag) {

    public static final String PREFIX = "tally.export";
    public static final String DEFAULT_MAX_CONCURRENT_PER_KEY = "2";
    public static final String DEFAULT_MAX_CONCURRENT = "3";
    public static final String DEFAULT_SERVER_SYNC_LAG = "30s";
}
