package dev.tally.ingest;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import jakarta.inject.Singleton;

/**
 * On a graceful shutdown, before any bean is destroyed: write the buffered redirect clicks, then let the
 * inserts in flight finish. Tricky: bean destruction order does not follow dependencies, so doing this in
 * {@code @PreDestroy} found the engine already closed.
 */
@Singleton
final class IngestShutdown implements ApplicationEventListener<ShutdownEvent> {
    private final ClickBuffer clicks;
    private final InsertBatcher batcher;

    IngestShutdown(ClickBuffer clicks, InsertBatcher batcher) {
        this.clicks = clicks;
        this.batcher = batcher;
    }

    @Override
    public void onApplicationEvent(ShutdownEvent event) {
        clicks.close();
        batcher.close();
    }
}
