package dev.tally.sql;

import dev.tally.query.AnalyticsQuery;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of the raw click log (seed 003), oldest first, paged by key: each page starts strictly after the
 * {@code (timestamp, event_id)} of the previous page's last row.
 *
 * <p>Tricky: keyset paging keeps every page equally cheap and the engine's memory flat (a top-N heap of one
 * page), where an offset would make page 1,000 keep every skipped row's key; the events table's sort key
 * puts {@code link_id} before {@code timestamp}, so ClickHouse still reads the range once per page.
 */
public final class ClickLogSql {
    static final String COLUMNS = "event_id, timestamp, link_id, domain, key, device, os, browser, country, referer_url";

    /** Where the previous page ended. */
    public record After(Instant timestamp, String eventId) {
        public After {
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(eventId, "eventId");
        }
    }

    private ClickLogSql() {
    }

    static Sql build(AnalyticsQuery query, Optional<After> after) {
        Parameters parameters = new Parameters();
        StringBuilder text = new StringBuilder("SELECT ").append(COLUMNS).append("\nFROM events\nWHERE ")
                .append(Predicates.where(query, Source.RAW_EVENTS, parameters));
        after.ifPresent(last -> text.append("\n  AND (timestamp, event_id) > (")
                .append(parameters.bind(Param.dateTime64(last.timestamp()))).append(", ")
                .append(parameters.bind(Param.string(last.eventId()))).append(')'));
        text.append("\nORDER BY timestamp, event_id\nLIMIT ").append(parameters.bind(Param.uint32(query.limit())));
        return Sql.of(text.toString(), parameters);
    }
}
