package dev.tally.store;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pins the defaults of the store configuration, as the running application binds them. */
@MicronautTest
class StoreConfigurationTest {
    @Inject
    StoreConfiguration configuration;

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(configuration.url()).isNull();
        assertThat(configuration.user()).isEqualTo(StoreConfiguration.DEFAULT_USER).isEqualTo("default");
        assertThat(configuration.password()).isEmpty();
        assertThat(configuration.database()).isEqualTo("tally");
        assertThat(configuration.poolSize()).isEqualTo(4);
        assertThat(configuration.maxExecutionTimeSeconds()).isEqualTo(60);
        assertThat(StoreConfiguration.DEFAULT_DATA_DIR).isEqualTo("./data");
        // application-test.yml points the tests at their own directory.
        assertThat(configuration.dataDir()).isEqualTo(Path.of("target/test-data"));
    }

    @Test
    void aPoolOfNoConnectionsIsRefused() {
        assertThatThrownBy(() -> new StoreConfiguration(null, "default", "", "tally", Path.of("data"), null, 0, 60))
                .isInstanceOf(StoreStartupException.class)
                .hasMessage("tally.clickhouse.pool-size must be at least 1, not 0");
    }

    @Test
    void aDatabaseNameMustBeAnIdentifier() {
        assertThatThrownBy(() -> new StoreConfiguration(null, "default", "", "x; DROP", Path.of("data"), null, 1, 60))
                .isInstanceOf(StoreStartupException.class)
                .hasMessageContaining("plain identifier");
    }
}
