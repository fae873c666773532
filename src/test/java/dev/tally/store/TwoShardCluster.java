package dev.tally.store;

import dev.tally.support.ClickHouseListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Two {@link ClickHouseListener} processes forming a two-shard cluster ({@value #NAME}, one plain-MergeTree
 * replica per shard: no Keeper here, so no replication and no ON CLUSTER), with Tally's cluster schema derived
 * for that layout ({@link ClusterSchema.Topology#PLAIN}) applied on each node in {@code database}.
 * {@link #front()} is Tally's server adapter in cluster mode on shard 1: its Distributed tables route inserts and
 * fan queries out to both shards. The caller closes it.
 */
public final class TwoShardCluster implements AutoCloseable {
    public static final String NAME = "tally_two_shards";

    private final List<ClickHouseListener> nodes;
    private final List<ServerClickHouse> shards;
    private final ServerClickHouse front;

    private TwoShardCluster(List<ClickHouseListener> nodes, List<ServerClickHouse> shards, ServerClickHouse front) {
        this.nodes = nodes;
        this.shards = shards;
        this.front = front;
    }

    public static TwoShardCluster start(String database) {
        int[] http = {ClickHouseListener.freePort(), ClickHouseListener.freePort()};
        int[] tcp = {ClickHouseListener.freePort(), ClickHouseListener.freePort()};
        Path config;
        try {
            Files.createDirectories(Path.of("target"));
            config = Files.createTempFile(Path.of("target").toAbsolutePath(), "two-shards-", ".xml");
            Files.writeString(config, """
                    <clickhouse>
                      <remote_servers>
                        <%s>
                          <shard><replica><host>127.0.0.1</host><port>%d</port></replica></shard>
                          <shard><replica><host>127.0.0.1</host><port>%d</port></replica></shard>
                        </%s>
                      </remote_servers>
                    </clickhouse>
                    """.formatted(NAME, tcp[0], tcp[1], NAME));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ClickHouseListener first = ClickHouseListener.start(http[0], tcp[0], config);
        ClickHouseListener second;
        try {
            second = ClickHouseListener.start(http[1], tcp[1], config);
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
        ClusterMode mode = ClusterMode.cluster(NAME, ClusterSchema.Topology.PLAIN);
        MigrationSource source = new MigrationSource();
        List<ServerClickHouse> shards = List.of(connect(first, database, ClusterMode.singleNode()),
                connect(second, database, ClusterMode.singleNode()));
        ServerClickHouse front = connect(first, database, mode);
        for (ClickHouseListener node : List.of(first, second)) {
            try (ServerClickHouse engine = connect(node, database, mode)) {
                new Migrator(engine, source, mode, database).migrate(source.migrations(mode));
            }
        }
        return new TwoShardCluster(List.of(first, second), shards, front);
    }

    private static ServerClickHouse connect(ClickHouseListener node, String database, ClusterMode mode) {
        return new ServerClickHouse(new StoreConfiguration(node.jdbcUrl(database), "default", "", database, Path.of("unused"), null, 8, 60), mode);
    }

    /** Tally's adapter in cluster mode, talking to shard 1's Distributed tables. */
    public ClickHouse front() {
        return front;
    }

    /** Each shard on its own (its {@code _local} tables hold that shard's rows). */
    public List<ServerClickHouse> shards() {
        return shards;
    }

    public ClickHouseListener node(int index) {
        return nodes.get(index);
    }

    @Override
    public void close() {
        front.close();
        shards.forEach(ServerClickHouse::close);
        nodes.forEach(ClickHouseListener::close);
    }
}
