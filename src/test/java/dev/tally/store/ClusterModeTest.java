package dev.tally.store;

import dev.tally.sql.Sql;
import dev.tally.support.ClickHouseListener;
import dev.tally.support.TestEngine;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code TALLY_CLICKHOUSE_CLUSTER}: a name switches cluster mode, what cannot work is refused, and the settings reach the server. */
class ClusterModeTest {

    @Test
    void aNameSelectsTheReplicatedClusterAndBlankMeansOneServer() {
        ClusterMode named = new ClusterMode(" tally_cluster ");
        assertThat(named.isCluster()).isTrue();
        assertThat(named.name()).contains("tally_cluster");
        assertThat(named.topology()).isEqualTo(ClusterSchema.Topology.REPLICATED);
        assertThat(new ClusterMode("").isCluster()).isFalse();
        assertThat(new ClusterMode(null).isCluster()).isFalse();
        assertThat(ClusterMode.singleNode().isCluster()).isFalse();
    }

    @Test
    void aNameThatIsNotAnIdentifierIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> ClusterMode.cluster("tally cluster; DROP", ClusterSchema.Topology.REPLICATED))
                .isInstanceOf(StoreStartupException.class)
                .hasMessage("TALLY_CLICKHOUSE_CLUSTER must be a plain cluster name from the servers' remote_servers, not tally cluster; DROP");
    }

    @Test
    void aClusterWithoutAServerUrlStopsStartUp() {
        ClickHouseFactory factory = new ClickHouseFactory();
        assertThatThrownBy(() -> factory.embedded(TestEngine.embeddedConfiguration(),
                ClusterMode.cluster("tally_cluster", ClusterSchema.Topology.REPLICATED)))
                .isInstanceOf(StoreStartupException.class)
                .hasMessage("TALLY_CLICKHOUSE_CLUSTER names a ClickHouse cluster, so set TALLY_CLICKHOUSE_URL to one of its nodes"
                        + " (the embedded engine is a single node)");
    }

    @Test
    void clusterModeSendsTheSettingsThatKeepDistributedTablesExact() {
        StoreConfiguration configuration = new StoreConfiguration(ClickHouseListener.shared().jdbcUrl("tally_cluster_settings"), "default", "",
                "tally_cluster_settings", Path.of("unused"), null, 2, 60);
        String settings = "SELECT getSetting('distributed_product_mode') AS product, toUInt8(getSetting('optimize_skip_unused_shards')) AS skip,"
                + " toUInt8(getSetting('distributed_foreground_insert')) AS foreground,"
                + " toUInt8(getSetting('deduplicate_blocks_in_dependent_materialized_views')) AS views";
        try (ServerClickHouse cluster = new ServerClickHouse(configuration, ClusterMode.cluster("c", ClusterSchema.Topology.PLAIN));
             ServerClickHouse single = new ServerClickHouse(configuration)) {
            Row row = cluster.query(Sql.of(settings)).single();
            assertThat(row.string("product")).isEqualTo("local");
            assertThat(row.longValue("skip")).isEqualTo(1);
            assertThat(row.longValue("foreground")).isEqualTo(1);
            assertThat(row.longValue("views")).isEqualTo(1);
            assertThat(single.query(Sql.of(settings)).single().string("product")).isEqualTo("deny");
        }
    }
}
