package dev.tally.api.ops;

import dev.tally.sql.EngineMetricsSql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Rows;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;

/**
 * {@code tally.engine.memory.bytes}: the engine's tracked memory, read with one query per scrape (embedded, it is
 * this process's native memory beside the JVM's heap; on a server, that server's). NaN while the engine does not
 * answer, so a scrape never fails for it.
 */
@Singleton
final class EngineMemoryMetrics implements MeterBinder {
    private final ClickHouse clickHouse;

    EngineMemoryMetrics(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("tally.engine.memory", this, EngineMemoryMetrics::bytes).baseUnit("bytes")
                .description("Memory the engine tracks (ClickHouse MemoryTracking)").tag("engine", clickHouse.engine())
                .register(registry);
    }

    private double bytes() {
        try {
            Rows rows = clickHouse.query(EngineMetricsSql.MEMORY);
            return rows.size() == 0 ? Double.NaN : rows.single().longValue("bytes");
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
