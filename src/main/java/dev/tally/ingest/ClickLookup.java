package dev.tally.ingest;

import dev.tally.enrich.Client;
import dev.tally.enrich.GeoLocation;
import dev.tally.enrich.UtmParameters;
import dev.tally.sql.EventLookupSql;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.PendingWrites;
import dev.tally.store.Row;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Finds a workspace's stored clicks by event id, so leads and sales can copy their attributes. */
@Singleton
public final class ClickLookup {
    private static final int IDS_PER_QUERY = 10_000;

    private final ClickHouse clickHouse;
    private final PendingWrites pendingWrites;

    public ClickLookup(ClickHouse clickHouse, PendingWrites pendingWrites) {
        this.clickHouse = clickHouse;
        this.pendingWrites = pendingWrites;
    }

    /**
     * The stored clicks among {@code clickIds}. Tricky: a click acknowledged by {@code /track} may still be in
     * the track journal (ADR 0170); when some id is not found and the workspace has journaled rows pending,
     * this waits for them to be inserted and asks again — only then, so a lead whose click is stored pays nothing.
     */
    public Map<String, ClickAttributes> find(String workspaceId, Collection<String> clickIds) {
        Map<String, ClickAttributes> clicks = stored(workspaceId, clickIds);
        if (clicks.size() < clickIds.size() && pendingWrites.pending(workspaceId)) {
            pendingWrites.awaitVisible(workspaceId);
            List<String> missing = clickIds.stream().filter(id -> !clicks.containsKey(id)).toList();
            clicks.putAll(stored(workspaceId, missing));
        }
        return clicks;
    }

    private Map<String, ClickAttributes> stored(String workspaceId, Collection<String> clickIds) {
        Map<String, ClickAttributes> clicks = new HashMap<>();
        List<String> ids = new ArrayList<>(clickIds);
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            Sql sql = EventLookupSql.clicks(workspaceId, ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY)));
            for (Row row : clickHouse.query(sql).rows()) {
                clicks.put(row.string("event_id"), attributes(row));
            }
        }
        return clicks;
    }

    private static ClickAttributes attributes(Row row) {
        return new ClickAttributes(new EventLink(row.string("link_id"), row.string("domain"), row.string("key"), row.string("url")),
                row.string("trigger"),
                new GeoLocation(row.string("country"), row.string("region"), row.string("city"), row.string("continent")),
                new Client(row.string("device"), row.string("browser"), row.string("os"), bool(row.get("bot"))),
                new Referral(row.string("referer"), row.string("referer_url")),
                new UtmParameters(row.string("utm_source"), row.string("utm_medium"), row.string("utm_campaign"), row.string("utm_term"),
                        row.string("utm_content")),
                row.longValue("ip_hash"));
    }

    private static boolean bool(Object value) {
        return switch (value) {
            case Boolean b -> b;
            case Number n -> n.longValue() != 0;
            case String s -> s.equals("true") || s.equals("1");
            case null, default -> false;
        };
    }
}
