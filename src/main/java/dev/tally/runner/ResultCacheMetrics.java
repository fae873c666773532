package dev.tally.runner;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/**
 * The result cache's hits, misses and entries (docs/adr/0100, 0116), read from its own counts at scrape time;
 * the cache is taken through a {@link Provider} for the reason {@code ingest/ClickBufferMetrics} gives.
 */
@Singleton
final class ResultCacheMetrics implements MeterBinder {
    private final Provider<ResultCache> cache;

    ResultCacheMetrics(Provider<ResultCache> cache) {
        this.cache = cache;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("tally.cache.hits", cache, c -> c.get().stats().hits())
                .description("Answers served from the result cache").register(registry);
        FunctionCounter.builder("tally.cache.misses", cache, c -> c.get().stats().misses())
                .description("Answers computed by the engine (every answer, with the cache off)").register(registry);
        Gauge.builder("tally.cache.entries", cache, c -> c.get().stats().size())
                .description("Answers the result cache holds now").register(registry);
    }
}
