package dev.tally.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs without Docker: parsing the server URL and failing fast on an unreachable server. */
class ServerAddressTest {

    @ParameterizedTest
    @CsvSource({
            "jdbc:clickhouse://ch:8123/analytics, http://ch:8123, analytics",
            "jdbc:ch://ch/analytics,              http://ch:8123, analytics",
            "jdbc:clickhouse:https://ch.example/, https://ch.example:8443, tally",
            "http://127.0.0.1:18123,              http://127.0.0.1:18123, tally",
            "ch:9000/db_1,                        http://ch:9000, db_1"})
    void parsesEndpointAndDatabase(String url, String endpoint, String database) {
        assertThat(ServerClickHouse.ServerAddress.parse(url, "tally"))
                .isEqualTo(new ServerClickHouse.ServerAddress(endpoint, database));
    }

    @Test
    void refusesADatabaseThatIsNotAnIdentifier() {
        assertThatThrownBy(() -> ServerClickHouse.ServerAddress.parse("jdbc:clickhouse://ch:8123/x;DROP", "tally"))
                .isInstanceOf(StoreStartupException.class)
                .hasMessageContaining("not a plain identifier");
    }

    @Test
    void anUnreachableServerFailsStartUpWithWhatToFix() {
        StoreConfiguration configuration = new StoreConfiguration("jdbc:clickhouse://127.0.0.1:1/tally", "default", "",
                "tally", java.nio.file.Path.of("unused"), null, 1, 60);
        assertThatThrownBy(() -> new ServerClickHouse(configuration))
                .isInstanceOf(StoreStartupException.class)
                .hasMessage("cannot reach ClickHouse at http://127.0.0.1:1: check TALLY_CLICKHOUSE_URL and that the server is up");
    }
}
