package dev.tally.sql;

import java.util.regex.Pattern;

/**
 * The statements that rebuild every rollup for a set of (workspace, UTC day) pairs from the raw
 * {@code events} table (ADR 0040). The rollups are found in the engine's catalog, not listed here, so a
 * rollup added by a new migration is repaired without a change to this class.
 *
 * Table and column names in these statements come from the engine's own catalog (never from a request),
 * and each is checked to be a plain identifier before it is written into text.
 */
public final class RollupRepairSql {
    /** The days being repaired; see clickhouse/migrations/0040_rollup_repair_days.sql. */
    public static final String DAYS_TABLE = "rollup_repair_days";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private RollupRepairSql() {
    }

    /** Every materialized view of the database: its name, its SELECT, its CREATE text (which names its target). */
    public static final String VIEWS = """
            SELECT name, as_select, create_table_query
            FROM system.tables
            WHERE database = currentDatabase() AND engine = 'MaterializedView'""";

    /** Which views read which table: {@code dependencies_table} of each table. */
    public static final String DEPENDENCIES = """
            SELECT name, dependencies_table
            FROM system.tables
            WHERE database = currentDatabase() AND notEmpty(dependencies_table)""";

    /** The time-bucket column of each table (an hour or a day): the only Date or DateTime column of a rollup. */
    public static final String BUCKET_COLUMNS = """
            SELECT table, name
            FROM system.columns
            WHERE database = currentDatabase() AND type IN ('Date', 'DateTime(\\'UTC\\')')""";

    /** Puts the days to repair into {@link #DAYS_TABLE}: workspaces and days as two parallel arrays. */
    public static Sql fillDays(java.util.List<String> workspaceIds, java.util.List<String> days) {
        Parameters parameters = new Parameters();
        String text = "INSERT INTO " + DAYS_TABLE + " SELECT pair.1, toDate(pair.2) FROM (SELECT arrayJoin(arrayZip("
                + parameters.bind(Param.strings(workspaceIds)) + ", " + parameters.bind(Param.strings(days)) + ")) AS pair)";
        return Sql.of(text, parameters);
    }

    public static Sql clearDays() {
        return Sql.of("TRUNCATE TABLE " + DAYS_TABLE);
    }

    /** Drops a rollup's rows of the days being repaired. */
    public static Sql deleteDays(String rollupTable, String bucketColumn) {
        return Sql.of("DELETE FROM " + identifier(rollupTable) + " WHERE (workspace_id, toDate(" + identifier(bucketColumn)
                + ")) IN (SELECT workspace_id, day FROM " + DAYS_TABLE + ")");
    }

    /**
     * Re-runs a view's own SELECT over the raw rows of the days being repaired and writes the result into
     * its target; views fed by that target (the daily rollup) run on those rows as on any insert.
     * Tricky: additional_table_filters narrows every read of {@code events} in the statement without
     * rewriting the view's text; its value is a constant (the days come from {@link #DAYS_TABLE}).
     */
    public static Sql rebuild(String targetTable, String viewSelect, String database) {
        return Sql.of("INSERT INTO " + identifier(targetTable) + " " + viewSelect
                + " SETTINGS additional_table_filters = {'" + identifier(database) + ".events': "
                + "'(workspace_id, toDate(timestamp)) IN (SELECT workspace_id, day FROM " + identifier(database) + "."
                + DAYS_TABLE + ")'}");
    }

    /** The database Tally's schema lives in. */
    public static final String CURRENT_DATABASE = "SELECT currentDatabase() AS name";

    /** The target a {@code CREATE MATERIALIZED VIEW … TO db.table} writes into. */
    public static String viewTarget(String createQuery) {
        java.util.regex.Matcher matcher = Pattern.compile("\\sTO\\s+(?:`?[A-Za-z0-9_]+`?\\.)?`?([A-Za-z0-9_]+)`?\\s")
                .matcher(createQuery);
        if (!matcher.find()) {
            throw new IllegalStateException("a materialized view without a TO table: " + createQuery);
        }
        return identifier(matcher.group(1));
    }

    private static String identifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain identifier: " + name);
        }
        return name;
    }
}
