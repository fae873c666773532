package dev.tally.bi;

import dev.tally.sql.BiSql;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The second layer under the guard: {@code additional_table_filters} for every table of Tally's database
 * and for the system tables metadata reads, so that even a statement the guard wrongly let through reads
 * only the key's workspace. Every Tally table must be listed here ({@code BiTableFiltersTest} fails
 * otherwise); a table that is not (one added after start-up) is filtered to nothing.
 */
public final class TableFilters {
    /** How a Tally table is confined to one workspace. */
    enum Confinement {
        /** Rows carry {@code workspace_id}. */
        WORKSPACE_ID,
        /** The {@code workspaces} table itself: its {@code id}. */
        ID,
        /** Nothing of it is a workspace's to read (keys, migrations, materialized views' triggers). */
        NOTHING
    }

    /** Every table and view of Tally's database, as the migrations create them. */
    static final Map<String, Confinement> TALLY_TABLES = Map.ofEntries(
            Map.entry("workspaces", Confinement.ID),
            Map.entry("events", Confinement.WORKSPACE_ID),
            Map.entry("links", Confinement.WORKSPACE_ID),
            Map.entry("api_keys", Confinement.NOTHING),
            Map.entry("ingest_idempotency_keys", Confinement.WORKSPACE_ID),
            Map.entry("rollup_workspace_hourly", Confinement.WORKSPACE_ID),
            Map.entry("rollup_workspace_hourly_mv", Confinement.NOTHING),
            Map.entry("rollup_geo_hourly", Confinement.WORKSPACE_ID),
            Map.entry("rollup_geo_hourly_mv", Confinement.NOTHING),
            Map.entry("rollup_device_hourly", Confinement.WORKSPACE_ID),
            Map.entry("rollup_device_hourly_mv", Confinement.NOTHING),
            Map.entry("rollup_utm_hourly", Confinement.WORKSPACE_ID),
            Map.entry("rollup_utm_hourly_mv", Confinement.NOTHING),
            Map.entry("rollup_trigger_hourly", Confinement.WORKSPACE_ID),
            Map.entry("rollup_trigger_hourly_mv", Confinement.NOTHING),
            Map.entry("rollup_workspace_daily", Confinement.WORKSPACE_ID),
            Map.entry("rollup_workspace_daily_mv", Confinement.NOTHING),
            Map.entry("rollup_repair_days", Confinement.NOTHING),
            Map.entry("bi_view_databases", Confinement.NOTHING),
            // Which instance changed which workspace (ADR 0100): bookkeeping, no workspace's data.
            Map.entry("data_versions", Confinement.NOTHING),
            Map.entry("schema_migrations", Confinement.NOTHING));

    private TableFilters() {
    }

    /** Tables of Tally's database the registry does not know (what the coverage test looks for). */
    public static Set<String> unlisted(Set<String> tablesInDatabase) {
        return tablesInDatabase.stream().filter(table -> !TALLY_TABLES.containsKey(table)).collect(Collectors.toSet());
    }

    /**
     * The {@code --additional_table_filters} connection argument for a key of {@code workspaceId}.
     * {@code presentTables} are the tables Tally's database holds now: any not in the registry reads nothing.
     */
    static String argument(String tallyDatabase, String workspaceId, String viewDatabase, Set<String> presentTables) {
        String workspace = quoted(BiSql.requireIdentifier(workspaceId));
        String views = quoted(BiSql.requireIdentifier(viewDatabase));
        Map<String, String> filters = new LinkedHashMap<>();
        for (String table : presentTables) {
            Confinement confinement = TALLY_TABLES.getOrDefault(table, Confinement.NOTHING);
            filters.put(BiSql.requireIdentifier(tallyDatabase) + "." + BiSql.requireIdentifier(table), switch (confinement) {
                case WORKSPACE_ID -> "workspace_id = " + workspace;
                case ID -> "id = " + workspace;
                case NOTHING -> "0";
            });
        }
        filters.put("system.databases", "name = " + views);
        filters.put("system.tables", "database = " + views);
        filters.put("system.columns", "database = " + views);
        // clickhouse-connect reads system.settings when it connects; the connection's own filters and its
        // private log comment (how Tally cancels the statement) stay out of it.
        filters.put("system.settings", "name NOT IN ('additional_table_filters', 'log_comment')");
        return "--additional_table_filters=" + filters.entrySet().stream()
                .map(entry -> quoted(entry.getKey()) + ":" + quoted(entry.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** A ClickHouse string literal of text that is already known to hold no quote or backslash, or only quoted ones. */
    private static String quoted(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
