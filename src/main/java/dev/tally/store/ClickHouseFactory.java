package dev.tally.store;

import dev.tally.base.FetchedAsset;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;


/** Chooses the engine from configuration: a server when {@code tally.clickhouse.url} is set, else embedded. */
@Factory
final class ClickHouseFactory {

    @Context
    @Bean(preDestroy = "close")
    @Requires(property = StoreConfiguration.PREFIX + ".url")
    ClickHouse server(StoreConfiguration configuration) {
        return new ServerClickHouse(configuration);
    }

    @Context
    @Bean(preDestroy = "close")
    @Requires(missingProperty = StoreConfiguration.PREFIX + ".url")
    ClickHouse embedded(StoreConfiguration configuration) {
        return new EmbeddedClickHouse(FetchedAsset.CHDB_LIBRARY.resolve(configuration.chdbLibrary()), configuration);
    }
}
