package dev.tally.api.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

/** The answer to {@code POST /api/v1/track/<type>}: the stored event's id, and whether it was stored before. */
@Serdeable
record TrackResponse(@JsonProperty("event_id") String eventId, String event, boolean duplicate) {
}
