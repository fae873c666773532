package dev.tally.store;

import dev.tally.base.FetchedAsset;
import dev.tally.sql.Sql;
import dev.tally.support.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract on the embedded engine, plus what only the embedded engine has: a data directory. */
class EmbeddedClickHouseTest extends ClickHouseContract {
    private static EmbeddedClickHouse engine;

    @BeforeAll
    static void open() {
        engine = open(TestEngine.embeddedConfiguration());
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
        return "embedded";
    }

    @Test
    void aSecondEngineOnTheSameDataDirectoryIsRefusedClearly() {
        assertThatThrownBy(() -> open(TestEngine.embeddedConfiguration()))
                .isInstanceOf(StoreStartupException.class)
                .hasMessageContaining("is in use by another Tally process");
    }

    @Test
    void dataSurvivesClosingAndReopening() {
        String table = uniqueTable("restart");
        engine.execute(Sql.of("CREATE TABLE " + table + " (id UInt32) ENGINE = MergeTree ORDER BY id"));
        engine.insert(table, InputFormat.JSON_EACH_ROW,
                new ByteArrayInputStream("{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n".getBytes(StandardCharsets.UTF_8)));
        engine.close();
        engine = open(TestEngine.embeddedConfiguration());
        assertThat(count(table)).isEqualTo(3);
        engine.execute(Sql.of("DROP TABLE " + table));
    }

    @Test
    void anUnreadableLibraryFailsWithWhatToFix() {
        assertThatThrownBy(() -> ChdbLibrary.load(Path.of("target", "no-such-libchdb.so")))
                .isInstanceOf(StoreStartupException.class)
                .hasMessage("the chDB library target/no-such-libchdb.so is not a readable file:"
                        + " run scripts/fetch-chdb, or point TALLY_CHDB_LIBRARY at libchdb.so");
    }

    @Test
    void anUnwritableDataDirectoryFailsWithWhatToFix() {
        StoreConfiguration configuration = new StoreConfiguration(null, "default", "", "tally",
                Path.of("/proc/tally-cannot-be-here"), null, 1, 60);
        assertThatThrownBy(() -> open(configuration))
                .isInstanceOf(StoreStartupException.class)
                .hasMessageStartingWith("the data directory /proc/tally-cannot-be-here cannot be created")
                .hasMessageEndingWith("set TALLY_DATA_DIR to a writable directory");
    }

    private static EmbeddedClickHouse open(StoreConfiguration configuration) {
        return new EmbeddedClickHouse(FetchedAsset.CHDB_LIBRARY.resolve(null), configuration);
    }
}
