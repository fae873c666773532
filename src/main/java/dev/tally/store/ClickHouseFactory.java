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
    ClickHouse server(StoreConfiguration configuration, ClusterMode cluster) {
        return new ServerClickHouse(configuration, cluster);
    }

    @Context
    @Bean(preDestroy = "close")
    @Requires(missingProperty = StoreConfiguration.PREFIX + ".url")
    ClickHouse embedded(StoreConfiguration configuration, ClusterMode cluster) {
        if (cluster.isCluster()) {
            throw new StoreStartupException("TALLY_CLICKHOUSE_CLUSTER names a ClickHouse cluster, so set TALLY_CLICKHOUSE_URL"
                    + " to one of its nodes (the embedded engine is a single node)");
        }
        return new EmbeddedClickHouse(FetchedAsset.CHDB_LIBRARY.resolve(configuration.chdbLibrary()), configuration);
    }
}
