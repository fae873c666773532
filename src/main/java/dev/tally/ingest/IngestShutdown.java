package dev.tally.ingest;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;

/**
 * On a graceful shutdown, before any bean is destroyed: write the buffered redirect clicks and the journaled
 * {@code /track} events, then let the inserts in flight finish. Tricky: bean destruction order does not follow dependencies, so doing this in
 * {@code @PreDestroy} found the engine already closed.
 *
 * Tricky: this listener is created with the context and the buffers register themselves when they are
 * created, so a shutdown never creates a bean. It used to depend on them, so a SIGTERM arriving while the
 * first ingest request was still building them (the user-agent analyzer takes seconds) waited for that
 * build and then past the 5 s exit budget (issue 11, defect 5).
 */
@Context
final class IngestShutdown implements ApplicationEventListener<ShutdownEvent> {
    private ClickBuffer clicks;
    private InsertBatcher batcher;
    private ImportService imports;
    private TrackJournalFlusher trackJournal;

    synchronized void register(ClickBuffer created) {
        clicks = created;
    }

    synchronized void register(InsertBatcher created) {
        batcher = created;
    }

    synchronized void register(TrackJournalFlusher created) {
        trackJournal = created;
    }

    synchronized void register(ImportService created) {
        imports = created;
    }

    @Override
    public void onApplicationEvent(ShutdownEvent event) {
        ClickBuffer clicksToFlush;
        InsertBatcher batcherToDrain;
        ImportService importsToStop;
        TrackJournalFlusher journalToFlush;
        synchronized (this) {
            journalToFlush = trackJournal;
            clicksToFlush = clicks;
            batcherToDrain = batcher;
            importsToStop = imports;
        }
        if (importsToStop != null) {
            importsToStop.close(); // a running import stays "running" and resumes at the next start
        }
        if (clicksToFlush != null) {
            clicksToFlush.close();
        }
        if (journalToFlush != null) {
            journalToFlush.close(); // what the engine does not take in time stays journaled, replayed at the next start
        }
        if (batcherToDrain != null) {
            batcherToDrain.close();
        }
    }
}
