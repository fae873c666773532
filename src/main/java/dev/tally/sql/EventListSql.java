package dev.tally.sql;

import dev.tally.query.AnalyticsQuery;

/**
 * The statement listing one page of individual events, newest (or oldest) first, with each event's link in
 * its current state.
 *
 * <p>Tricky: the page is found in two steps. The inner query orders only {@code (timestamp, event_id)} —
 * two narrow columns — and keeps {@code offset + limit} of them in a top-N heap; the outer query reads the
 * wide columns for just that page's keys. A deep page therefore costs one scan of two columns (the same
 * scan a first page needs) plus a heap of {@code offset + limit} small tuples, instead of decoding every
 * wide row it skips.
 */
final class EventListSql {
    static final String COLUMNS = """
            workspace_id, event_id, toString(event_type) AS event, timestamp, link_id, domain, key, url, click_id, trigger, \
            country, city, region, continent, device, browser, os, referer, referer_url, customer_id, event_name, \
            amount, currency, sale_type, invoice_id, payment_processor, metadata, \
            l.link_url AS link_url, l.external_id AS link_external_id, l.tenant_id AS link_tenant_id, \
            l.folder_id AS link_folder_id, l.tag_ids AS link_tag_ids, l.created_at AS link_created_at, \
            l.title AS link_title, l.partner_id AS link_partner_id, l.updated_at AS link_updated_at""";

    private EventListSql() {
    }

    static Sql build(AnalyticsQuery query) {
        Parameters parameters = new Parameters();
        String direction = switch (query.sortOrder()) {
            case ASC -> "ASC";
            case DESC -> "DESC";
        };
        String innerWhere = Predicates.where(query, Source.RAW_EVENTS, parameters);
        // The outer predicates only keep the read to the workspace's range; the inner query did the filtering.
        String outerWhere = WorkspaceScope.bind(parameters, query.workspaceId()).predicate()
                + " AND timestamp >= " + parameters.bind(Param.dateTime64(query.range().start()))
                + " AND timestamp < " + parameters.bind(Param.dateTime64(query.range().end()));
        String limit = parameters.bind(Param.uint32(query.limit()));
        String offset = parameters.bind(Param.uint64(query.offset()));
        String workspace = WorkspaceScope.bind(parameters, query.workspaceId()).predicate();
        String text = "SELECT " + COLUMNS
                + "\nFROM events LEFT JOIN (SELECT id, url AS link_url, external_id, tenant_id, folder_id, tag_ids, created_at, title, partner_id, updated_at"
                + " FROM links FINAL WHERE " + workspace + " AND NOT deleted) AS l ON link_id = l.id"
                + "\nWHERE " + outerWhere
                + "\n  AND (timestamp, event_id) IN (\n    SELECT timestamp, event_id FROM events\n    WHERE " + innerWhere.replace("\n", "\n  ")
                + "\n    ORDER BY timestamp " + direction + ", event_id " + direction + "\n    LIMIT " + limit + " OFFSET " + offset + ")"
                + "\nORDER BY timestamp " + direction + ", event_id " + direction;
        return Sql.of(text, parameters);
    }
}
