package dev.tally.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.clickhouse.ClickHouseContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.nio.file.Path;

/**
 * The contract on the ClickHouse server docker-compose.yml runs, in a container. Skipped, not failed,
 * where no Docker engine runs (as on the development machines, where {@link ServerClickHouseTest} holds
 * the server adapter to the contract on the pinned engine's own listener instead).
 */
@Testcontainers(disabledWithoutDocker = true)
class ServerClickHouseContainerTest extends ClickHouseContract {
    /** Pinned: the LTS line docker-compose.yml runs, so tests and server mode see the same engine. */
    static final String IMAGE = "clickhouse/clickhouse-server:26.8";

    @Container
    private static final ClickHouseContainer SERVER = new ClickHouseContainer(IMAGE);

    private static ServerClickHouse engine;

    @BeforeAll
    static void open() {
        String url = "jdbc:clickhouse://" + SERVER.getHost() + ":" + SERVER.getMappedPort(8123) + "/tally";
        engine = new ServerClickHouse(new StoreConfiguration(url, SERVER.getUsername(), SERVER.getPassword(), "tally",
                Path.of("unused"), null, 8, 60));
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Override
    protected ClickHouse clickHouse() {
        return engine;
    }

    @Override
    protected String expectedEngine() {
        return "server";
    }
}
