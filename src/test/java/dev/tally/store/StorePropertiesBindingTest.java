package dev.tally.store;

import dev.tally.sql.Sql;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each embedded-engine property binds by its documented name and takes effect on the running engine. */
@MicronautTest
@Property(name = "tally.clickhouse.database", value = "tally_binding_test")
@Property(name = "tally.clickhouse.pool-size", value = "2")
@Property(name = "tally.clickhouse.max-execution-time-seconds", value = "7")
class StorePropertiesBindingTest {
    @Inject
    StoreConfiguration configuration;

    @Inject
    ClickHouse clickHouse;

    @Test
    void propertiesBindAndReachTheEngine() {
        assertThat(configuration.database()).isEqualTo("tally_binding_test");
        assertThat(configuration.poolSize()).isEqualTo(2);
        assertThat(configuration.maxExecutionTimeSeconds()).isEqualTo(7);
        assertThat(clickHouse.query(Sql.of("SELECT currentDatabase() AS db, toFloat64(getSetting('max_execution_time')) AS limit")).single())
                .satisfies(row -> {
                    assertThat(row.string("db")).isEqualTo("tally_binding_test");
                    assertThat(row.doubleValue("limit")).isEqualTo(7.0);
                });
    }
}
