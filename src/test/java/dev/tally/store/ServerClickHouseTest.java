package dev.tally.store;

import dev.tally.support.ClickHouseListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;

/**
 * The contract on a real ClickHouse server over HTTP: the test JVM's shared {@link ClickHouseListener}
 * (the pinned engine's own HTTP interface in a child process), reached through {@link ServerClickHouse}
 * and the ClickHouse Java client exactly as in server mode. Runs everywhere, Docker or not.
 */
class ServerClickHouseTest extends ClickHouseContract {
    private static ServerClickHouse engine;

    @BeforeAll
    static void open() {
        ClickHouseListener server = ClickHouseListener.shared();
        engine = new ServerClickHouse(new StoreConfiguration(server.jdbcUrl("tally_contract"), "default", "",
                "tally_contract", Path.of("unused"), null, 8, 60));
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
