package dev.tally.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The {@code /track} write-ahead journal (ADR 0170).
 *
 * @param enabled      {@code /track} answers once its row is in the journal (else: after the engine insert)
 * @param fsync        one {@code force} per group commit: survives a power cut too, at its cost (ADR 0170)
 * @param flushMillis  how long journaled rows wait at most before the background insert takes them
 * @param flushRows    rows waiting that start an insert at once, and the most rows one insert takes
 * @param maxBytes     journal bytes on disk at most; a {@code /track} event that does not fit is refused (503)
 * @param segmentBytes a segment file is closed (and deleted once every row in it is inserted) at this size
 */
@ConfigurationProperties(TrackJournalConfiguration.PREFIX)
public record TrackJournalConfiguration(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "false") boolean fsync,
        @Bindable(defaultValue = DEFAULT_FLUSH_MILLIS) long flushMillis,
        @Bindable(defaultValue = DEFAULT_FLUSH_ROWS) int flushRows,
        @Bindable(defaultValue = DEFAULT_MAX_BYTES) long maxBytes,
        @Bindable(defaultValue = DEFAULT_SEGMENT_BYTES) long segmentBytes) {

    public static final String PREFIX = "tally.ingest.track-journal";
    public static final String DEFAULT_FLUSH_MILLIS = "250";
    public static final String DEFAULT_FLUSH_ROWS = "20000";
    public static final String DEFAULT_MAX_BYTES = "67108864";
    public static final String DEFAULT_SEGMENT_BYTES = "4194304";
}
