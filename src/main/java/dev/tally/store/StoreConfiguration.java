package dev.tally.store;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;

/**
 * How Tally reaches ClickHouse. With {@code url} set ({@code TALLY_CLICKHOUSE_URL}) Tally talks to a
 * ClickHouse server; without it, it runs the embedded engine on {@code dataDir}.
 *
 * @param url                      server URL, e.g. {@code jdbc:clickhouse://host:8123/tally}; absent ⇒ embedded
 * @param user                     server user
 * @param password                 server password
 * @param database                 the database Tally's schema lives in (created when missing)
 * @param dataDir                  embedded engine's data directory ({@code TALLY_DATA_DIR})
 * @param chdbLibrary              path of libchdb.so ({@code TALLY_CHDB_LIBRARY}); absent ⇒ the fetch-chdb cache
 * @param poolSize                 connections (embedded) or HTTP connections (server) used in parallel
 * @param maxExecutionTimeSeconds  ClickHouse's {@code max_execution_time} for every statement
 */
@ConfigurationProperties(StoreConfiguration.PREFIX)
public record StoreConfiguration(
        @Nullable String url,
        @Bindable(defaultValue = DEFAULT_USER) String user,
        @Bindable(defaultValue = "") String password,
        @Bindable(defaultValue = DEFAULT_DATABASE) String database,
        @Bindable(defaultValue = DEFAULT_DATA_DIR) Path dataDir,
        @Nullable Path chdbLibrary,
        @Bindable(defaultValue = DEFAULT_POOL_SIZE) int poolSize,
        @Bindable(defaultValue = DEFAULT_MAX_EXECUTION_TIME_SECONDS) int maxExecutionTimeSeconds) {

    public static final String PREFIX = "tally.clickhouse";
    public static final String DEFAULT_USER = "default";
    public static final String DEFAULT_DATABASE = "tally";
    public static final String DEFAULT_DATA_DIR = "./data";
    public static final String DEFAULT_POOL_SIZE = "4";
    public static final String DEFAULT_MAX_EXECUTION_TIME_SECONDS = "60";

    public StoreConfiguration {
        if (poolSize < 1) {
            throw new StoreStartupException("tally.clickhouse.pool-size must be at least 1, not " + poolSize);
        }
        if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new StoreStartupException("tally.clickhouse.database must be a plain identifier, not " + database);
        }
    }
}
