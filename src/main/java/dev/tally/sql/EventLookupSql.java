package dev.tally.sql;

import java.util.List;

/** Point reads of the {@code events} table that ingest makes: stored ids, and the clicks leads and sales copy. */
public final class EventLookupSql {
    /** What a lead or sale copies from its click. */
    public static final String CLICK_ATTRIBUTES = "event_id, link_id, domain, key, url, trigger, country, region, city, continent, device,"
            + " browser, os, bot, referer, referer_url, utm_source, utm_medium, utm_campaign, utm_term, utm_content, ip_hash";

    private EventLookupSql() {
    }

    /** Which of {@code eventIds} the workspace has stored. */
    public static Sql storedIds(String workspaceId, List<String> eventIds) {
        Parameters parameters = new Parameters();
        String text = "SELECT DISTINCT event_id FROM events WHERE " + WorkspaceScope.bind(parameters, workspaceId).predicate()
                + " AND event_id IN " + parameters.bind(Param.strings(eventIds));
        return Sql.of(text, parameters);
    }

    /** The stored clicks among {@code clickIds}, one row each. */
    public static Sql clicks(String workspaceId, List<String> clickIds) {
        Parameters parameters = new Parameters();
        String text = "SELECT " + CLICK_ATTRIBUTES + " FROM events WHERE " + WorkspaceScope.bind(parameters, workspaceId).predicate()
                + " AND event_type = 'click' AND event_id IN " + parameters.bind(Param.strings(clickIds)) + " LIMIT 1 BY event_id";
        return Sql.of(text, parameters);
    }
}
