package dev.tally.sql;

import java.util.List;
import java.util.regex.Pattern;

/**
 * SQL of the BI endpoint: the per-workspace view databases, the guard's EXPLAIN wrappers and the few
 * statements Tally itself runs around a BI statement. A workspace id appears as a literal only in view
 * definitions (ClickHouse cannot bind parameters in a view's body), and only after
 * {@link #requireIdentifier} proved it a plain identifier.
 */
public final class BiSql {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private BiSql() {
    }

    /** A workspace id or database name fit to be written into SQL text as it is. */
    public static String requireIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain identifier: " + name);
        }
        return name;
    }

    public static Sql createDatabase(String database) {
        return Sql.of("CREATE DATABASE IF NOT EXISTS " + requireIdentifier(database));
    }

    /**
     * The views of one workspace's database, each reading one Tally table with the workspace id as a
     * literal and without {@code workspace_id}; column names as BI users read them.
     */
    public static List<Sql> createViews(String viewDatabase, String tallyDatabase, String workspaceId) {
        return createViews(viewDatabase, tallyDatabase, workspaceId, false);
    }

    /**
     * {@link #createViews(String, String, String)}; with {@code definerSecurity} (on a server) each view reads
     * Tally's tables with the rights of the user creating it ({@code SQL SECURITY DEFINER}), so a BI user
     * needs a grant on the views only, never on a base table.
     */
    public static List<Sql> createViews(String viewDatabase, String tallyDatabase, String workspaceId, boolean definerSecurity) {
        List<Sql> views = viewsOf(viewDatabase, tallyDatabase, workspaceId);
        if (!definerSecurity) {
            return views;
        }
        return views.stream().map(view -> Sql.of(view.text().replaceFirst(" AS SELECT ",
                " DEFINER = CURRENT_USER SQL SECURITY DEFINER AS SELECT "))).toList();
    }

    private static List<Sql> viewsOf(String viewDatabase, String tallyDatabase, String workspaceId) {
        String views = requireIdentifier(viewDatabase);
        String base = requireIdentifier(tallyDatabase);
        String workspace = "'" + requireIdentifier(workspaceId) + "'";
        return List.of(
                Sql.of("CREATE OR REPLACE VIEW " + views + ".events AS SELECT event_id, event_type, timestamp, link_id, page_id,"
                        + " domain, key, url, click_id, trigger, country, region, city, continent, device, browser, os, bot,"
                        + " referer, referer_url, utm_source, utm_medium, utm_campaign, utm_term, utm_content,"
                        + " ip_hash AS visitor_hash, customer_id, event_name, amount, currency, sale_type, invoice_id,"
                        + " payment_processor, metadata FROM " + base + ".events WHERE workspace_id = " + workspace),
                Sql.of("CREATE OR REPLACE VIEW " + views + ".links AS SELECT id, domain, key, url, title, tag_ids, folder_id,"
                        + " tenant_id, external_id, group_id, partner_id, created_at, updated_at FROM " + base
                        + ".links FINAL WHERE workspace_id = " + workspace + " AND NOT deleted"),
                Sql.of("CREATE OR REPLACE VIEW " + views + ".daily_totals AS SELECT day, event_type, bot, sum(event_count) AS events,"
                        + " sum(sale_amount) AS sale_amount, uniqCombined64Merge(14)(visitors) AS unique_visitors FROM " + base
                        + ".rollup_workspace_daily WHERE workspace_id = " + workspace + " GROUP BY day, event_type, bot"),
                Sql.of("CREATE OR REPLACE VIEW " + views + ".geo_hourly AS SELECT hour, event_type, bot, continent, country,"
                        + " region, city, sum(event_count) AS events, sum(sale_amount) AS sale_amount FROM " + base
                        + ".rollup_geo_hourly WHERE workspace_id = " + workspace
                        + " GROUP BY hour, event_type, bot, continent, country, region, city"));
    }

    /** Workspaces whose view database is missing or older than {@code version}. */
    public static Sql workspacesWithViewsBelow(int version) {
        Parameters parameters = new Parameters();
        String text = "SELECT id FROM workspaces FINAL WHERE id NOT IN (SELECT workspace_id FROM bi_view_databases FINAL WHERE version >= "
                + parameters.bind(Param.uint32(version)) + ")";
        return Sql.of(text, parameters);
    }

    public static Sql recordViews(String workspaceId, int version) {
        Parameters parameters = new Parameters();
        String text = "INSERT INTO bi_view_databases (workspace_id, version, created_at) SELECT "
                + parameters.bind(Param.string(workspaceId)) + ", " + parameters.bind(Param.uint32(version)) + ", now64(3)";
        return Sql.of(text, parameters);
    }

    /** Names of the tables (and views) in Tally's own database. */
    public static Sql tablesOf(String database) {
        Parameters parameters = new Parameters();
        String text = "SELECT name FROM system.tables WHERE database = " + parameters.bind(Param.string(database)) + " ORDER BY name";
        return Sql.of(text, parameters);
    }

    /** Every function the engine knows, for the catalog check. */
    public static final String ENGINE_FUNCTIONS = "SELECT name FROM system.functions ORDER BY name";

    /** Parse-only: the statement's syntax tree, evaluating nothing. */
    public static String explainAst(String statement) {
        return "EXPLAIN AST " + statement;
    }

    /**
     * The statement with every name resolved. Tricky: this evaluates scalar subqueries, so it is only
     * ever run on a connection that is already read-only and filtered.
     */
    public static String explainQueryTree(String statement) {
        return "EXPLAIN QUERY TREE " + statement;
    }

    /** The statement's columns without its rows: the header of a streamed result. */
    public static String header(String statement) {
        return "SELECT * FROM (" + statement + "\n) LIMIT 0";
    }

    public static String use(String database) {
        return "USE " + requireIdentifier(database);
    }

    /** Cancels the BI statement running with this {@code log_comment} (which only Tally sets). */
    public static Sql killByComment(String comment) {
        Parameters parameters = new Parameters();
        String text = "KILL QUERY WHERE Settings['log_comment'] = " + parameters.bind(Param.string(comment)) + " ASYNC";
        return Sql.of(text, parameters);
    }

    /** Cancels every BI statement still running (at shutdown, before the engine closes). */
    public static Sql killAll(String commentPrefix) {
        Parameters parameters = new Parameters();
        String text = "KILL QUERY WHERE startsWith(Settings['log_comment'], " + parameters.bind(Param.string(commentPrefix)) + ") ASYNC";
        return Sql.of(text, parameters);
    }

    /** What a driver's {@code KILL QUERY} is answered with (Tally cancelled it itself, or there was none). */
    public static Sql killAnswer(String queryId, boolean cancelled) {
        Parameters parameters = new Parameters();
        String text = "SELECT " + parameters.bind(Param.string(cancelled ? "finished" : "not_found")) + " AS kill_status, "
                + parameters.bind(Param.string(queryId)) + " AS query_id WHERE " + parameters.bind(Param.bool(cancelled));
        return Sql.of(text, parameters);
    }
}
