package dev.tally.ingest;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the enrichment beans (Yauaa's user-agent rules, the GeoIP reader) in the background at start-up.
 * Built on first use they cost the first redirect or ingest request ~3.5 s, and every request arriving in
 * that time waited behind it (a soak's first redirects took 2.3–3.7 s). A request that still arrives before
 * the build ends waits for the same singleton, no longer.
 */
@Singleton
final class EnrichmentWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(EnrichmentWarmUp.class);
    private final Provider<EventEnricher> enricher;

    EnrichmentWarmUp(Provider<EventEnricher> enricher) {
        this.enricher = enricher;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        Thread.ofPlatform().daemon().name("tally-enrichment-warm-up").start(() -> {
            try {
                enricher.get();
            } catch (RuntimeException e) {
                // Closed before the build ended (tests stop contexts quickly), or a failure the first
                // request reports itself.
                LOG.debug("enrichment warm-up did not finish: {}", e.getMessage());
            }
        });
    }
}
