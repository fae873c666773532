package dev.tally.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What an ingest request did. {@code accepted} events were stored by it, {@code duplicates} were already
 * stored (same {@code event_id}, or a replayed {@code Idempotency-Key}) and are not stored again, and
 * {@code rejected} lists the lines refused (the first {@link #MAX_LISTED_REJECTIONS}; {@code rejectedCount} counts all). {@code eventIds} are the stored or matched ids, in line order,
 * for single-event requests (empty for batches).
 */
@Serdeable
public record IngestResult(long accepted, long duplicates, @JsonProperty("rejected_count") long rejectedCount,
                           List<RejectedLine> rejected, @JsonProperty("event_ids") List<String> eventIds) {
    /** At most this many rejected lines are listed (all are counted). */
    public static final int MAX_LISTED_REJECTIONS = 1000;

    public IngestResult {
        // Tricky: Serde leaves empty lists out of JSON, so a stored result reads them back as null.
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
        eventIds = eventIds == null ? List.of() : List.copyOf(eventIds);
    }
}
