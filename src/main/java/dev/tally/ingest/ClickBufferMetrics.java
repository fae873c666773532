package dev.tally.ingest;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/**
 * The redirect click queue's depth and what left it (docs/adr/0116). The pattern for any component that
 * already counts for itself: a {@link MeterBinder} bean reading its numbers at scrape time (Micronaut Micrometer
 * binds every such bean), so the component needs no registry of its own. Tricky: a binder takes its component
 * through a {@link Provider}: binders are made with the registry, and a component that (through its own
 * dependencies) needs the registry would otherwise be a circular dependency.
 */
@Singleton
final class ClickBufferMetrics implements MeterBinder {
    private final Provider<ClickBuffer> buffer;

    ClickBufferMetrics(Provider<ClickBuffer> buffer) {
        this.buffer = buffer;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("tally.redirect.click.queue.depth", buffer, b -> b.get().depth())
                .description("Redirect clicks queued in memory, not yet written").register(registry);
        FunctionCounter.builder("tally.redirect.clicks.written", buffer, b -> b.get().written())
                .description("Redirect clicks written to the engine").register(registry);
        FunctionCounter.builder("tally.redirect.clicks.dropped", buffer, b -> b.get().dropped())
                .description("Redirect clicks dropped (queue full, or the write failed)").register(registry);
    }
}
