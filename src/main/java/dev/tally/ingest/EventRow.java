package dev.tally.ingest;

import dev.tally.query.EventType;

import java.time.Instant;

/**
 * One row of the {@code events} table, typed: the event itself, the visit's {@link ClickAttributes} and, for
 * leads and sales, the {@link Conversion}. {@link RowBinaryEncoder} writes it column by column
 * ({@link dev.tally.sql.EventColumn}).
 */
public record EventRow(String workspaceId, String eventId, EventType type, Instant timestamp, String pageId, String clickId,
                       ClickAttributes attributes, Conversion conversion) {
}
