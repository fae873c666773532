package dev.tally.store;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Whether Tally's server is one node or a cluster ({@code TALLY_CLICKHOUSE_CLUSTER=<name>}, property
 * {@code tally.clickhouse.cluster}): in a cluster the migrator applies the derived cluster schema
 * ({@link ClusterSchema}) and {@link ServerClickHouse} sends the settings that keep Distributed tables exact.
 * Nothing else in Tally changes: its SQL names the same tables either way.
 */
@Singleton
public final class ClusterMode {
    private final String cluster;
    private final ClusterSchema.Topology topology;

    @Inject
    ClusterMode(@Nullable @Property(name = StoreConfiguration.PREFIX + ".cluster") String cluster) {
        this(cluster == null || cluster.isBlank() ? null : cluster.strip(), ClusterSchema.Topology.REPLICATED);
    }

    private ClusterMode(String cluster, ClusterSchema.Topology topology) {
        if (cluster != null && !cluster.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new StoreStartupException("TALLY_CLICKHOUSE_CLUSTER must be a plain cluster name from the servers'"
                    + " remote_servers, not " + cluster);
        }
        this.cluster = cluster;
        this.topology = topology;
    }

    /** One server (or the embedded engine). */
    public static ClusterMode singleNode() {
        return new ClusterMode(null, ClusterSchema.Topology.REPLICATED);
    }

    /** A cluster with the given name and topology; {@link ClusterSchema.Topology#PLAIN} is for tests. */
    public static ClusterMode cluster(String name, ClusterSchema.Topology topology) {
        return new ClusterMode(name, topology);
    }

    public Optional<String> name() {
        return Optional.ofNullable(cluster);
    }

    public boolean isCluster() {
        return cluster != null;
    }

    public ClusterSchema.Topology topology() {
        return topology;
    }
}
