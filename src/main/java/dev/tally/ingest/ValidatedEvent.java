package dev.tally.ingest;

import dev.tally.links.Link;
import dev.tally.query.EventType;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * An event that passed validation, its link resolved within the workspace (absent only for views without
 * one, and for leads and sales that take their click's link). Strings are never null: absent is empty.
 */
public record ValidatedEvent(EventType type, String eventId, boolean clientEventId, Instant timestamp, @Nullable Link link,
                             String pageId, String clickId, Visit visit, Conversion conversion) {
}
