package dev.tally.runner;

import dev.tally.sql.Source;
import dev.tally.store.Rows;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.util.function.Supplier;

/**
 * {@code tally.engine.query}: each planned analytics query's time on the engine, tagged with its source
 * ({@code rollup} or {@code raw}) and table (docs/adr/0116). Tables come from the planner's closed set, so the
 * tags stay few.
 */
@Singleton
public final class EngineQueryMetrics {
    private final MeterRegistry registry;

    EngineQueryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    Rows timed(Source source, Supplier<Rows> query) {
        Timer timer = Timer.builder("tally.engine.query")
                .description("Engine time of planned analytics queries, by the source and table that answered")
                .tag("source", source.isRollup() ? "rollup" : "raw").tag("table", source.table())
                .publishPercentileHistogram().register(registry);
        return timer.record(query);
    }
}
