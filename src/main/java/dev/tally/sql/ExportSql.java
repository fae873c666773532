package dev.tally.sql;

import dev.tally.query.AnalyticsQuery;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The export's statement: every event the query matches, one row each, in the stable export schema
 * (README "Exports"), with each event's link attributes as they are now.
 *
 * <p>The column list is the schema: names and types are a contract with every warehouse loading the
 * files, so columns are only ever added at the end. Tricky: {@code ip_hash} is stored as UInt64 but is a
 * 63-bit value, so {@code toInt64} is exact and gives warehouses the signed 64-bit integer they all load
 * (unsigned 64-bit is what they most often reject or mis-map); {@code event_type} is an Enum8 and leaves as
 * a plain string for the same reason.
 */
public final class ExportSql {
    static final String COLUMNS = """
            event_id, toString(event_type) AS event, timestamp, ingested_at, workspace_id, link_id, page_id, domain, key, url, \
            click_id, trigger, country, region, city, continent, device, browser, os, bot, referer, referer_url, \
            utm_source, utm_medium, utm_campaign, utm_term, utm_content, toInt64(ip_hash) AS ip_hash, customer_id, event_name, \
            amount, currency, sale_type, invoice_id, payment_processor, metadata, \
            l.link_tag_ids AS link_tag_ids, l.link_folder_id AS link_folder_id, l.link_tenant_id AS link_tenant_id, \
            l.link_external_id AS link_external_id, l.link_group_id AS link_group_id, l.link_partner_id AS link_partner_id""";

    /**
     * The ingestion window of an incremental pull: events ingested strictly after {@code after} and at or
     * before {@code until}.
     */
    public record IngestWindow(Instant after, Instant until) {
        public IngestWindow {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(until, "until");
        }
    }

    private ExportSql() {
    }

    /**
     * Without a window: the query's events in no particular order (the engine's fastest). With one: the
     * window's events in the total order {@code (ingested_at, event_id, event_type, timestamp)}, so that the
     * same window gives the same bytes.
     */
    public static Sql build(AnalyticsQuery query, Optional<IngestWindow> window) {
        Parameters parameters = new Parameters();
        StringBuilder text = selectWhere(query, parameters);
        window.ifPresent(w -> text.append("\n  AND ingested_at > ").append(parameters.bind(Param.dateTime64(w.after())))
                .append("\n  AND ingested_at <= ").append(parameters.bind(Param.dateTime64(w.until())))
                .append("\nORDER BY ingested_at, event_id, event_type, timestamp"));
        return Sql.of(text.toString(), parameters);
    }

    /**
     * One file of a bulk export job: the query's events (its range is the partition) ingested at or before
     * {@code ingestedUntil}, the job's snapshot fixed when it was created, so a resumed job writes the same
     * rows. With {@code parts > 1}, only the events whose {@code event_id} hashes to {@code part} (a size-capped
     * partition split in numbered parts). Ordered by {@code (timestamp, event_id, event_type)} so that the same
     * job writes the same bytes.
     */
    public static Sql jobFile(AnalyticsQuery query, Instant ingestedUntil, int parts, int part) {
        if (parts < 1 || part < 0 || part >= parts) {
            throw new IllegalArgumentException("part " + part + " of " + parts);
        }
        Parameters parameters = new Parameters();
        StringBuilder text = selectWhere(query, parameters);
        text.append("\n  AND ingested_at <= ").append(parameters.bind(Param.dateTime64(ingestedUntil)));
        if (parts > 1) {
            text.append("\n  AND cityHash64(event_id) % ").append(parameters.bind(Param.uint64(parts)))
                    .append(" = ").append(parameters.bind(Param.uint64(part)));
        }
        text.append("\nORDER BY timestamp, event_id, event_type");
        return Sql.of(text.toString(), parameters);
    }

    /** How many rows {@code export} returns. */
    public static Sql rowCount(Sql export) {
        return new Sql("SELECT count() AS rows FROM (" + export.text() + ")", export.params());
    }

    private static StringBuilder selectWhere(AnalyticsQuery query, Parameters parameters) {
        String where = Predicates.where(query, Source.RAW_EVENTS, parameters);
        String workspace = parameters.bind(Param.string(query.workspaceId()));
        return new StringBuilder("SELECT ").append(COLUMNS)
                .append("\nFROM events LEFT JOIN (SELECT id AS link_row_id, tag_ids AS link_tag_ids, folder_id AS link_folder_id,")
                .append(" tenant_id AS link_tenant_id, external_id AS link_external_id, group_id AS link_group_id,")
                .append(" partner_id AS link_partner_id FROM links FINAL WHERE workspace_id = ").append(workspace)
                .append(" AND NOT deleted) AS l ON link_id = l.link_row_id")
                .append("\nWHERE ").append(where);
    }

    /** The engine's clock, which stamps {@code ingested_at} on a server (one clock for every Tally instance). */
    public static Sql engineNow() {
        return Sql.of("SELECT now64(3) AS now");
    }
}
