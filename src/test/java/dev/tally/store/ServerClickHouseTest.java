package dev.tally.store;

import dev.tally.sql.Sql;
import dev.tally.support.ClickHouseListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** Server only (the embedded engine has no retries between processes and ignores the token). */
    @Test
    void aRetriedInsertWithTheSameDeduplicationTokenWritesOnce() {
        String table = "dedup_token_" + System.nanoTime();
        engine.execute(Sql.of("CREATE TABLE " + table + " (id UInt32) ENGINE = MergeTree ORDER BY id"
                + " SETTINGS non_replicated_deduplication_window = 100"));
        for (String token : List.of("batch-1", "batch-1", "batch-2")) {
            engine.insert(table, InputFormat.JSON_EACH_ROW, new ByteArrayInputStream("{\"id\":1}\n{\"id\":2}\n".getBytes(StandardCharsets.UTF_8)), () -> token);
        }
        assertThat(engine.query(Sql.of("SELECT count() AS n FROM " + table)).single().longValue("n")).isEqualTo(4);
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
