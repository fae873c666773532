package dev.tally.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/** The track journal's backlog (ADR 0170), read at scrape time like {@link ClickBufferMetrics}. */
@Singleton
final class TrackJournalMetrics implements MeterBinder {
    private final Provider<TrackJournal> journal;

    TrackJournalMetrics(Provider<TrackJournal> journal) {
        this.journal = journal;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("tally.track.journal.rows", journal, j -> j.get().waiting())
                .description("/track events acknowledged from the journal and not yet inserted").register(registry);
        Gauge.builder("tally.track.journal.bytes", journal, j -> j.get().bytes())
                .description("Bytes the track journal holds on disk (bounded by tally.ingest.track-journal.max-bytes)").register(registry);
    }
}
