package dev.tally.sql;

/**
 * What the BI endpoint runs for the metadata statements BI tools send ({@code SHOW DATABASES},
 * {@code SHOW TABLES}, {@code DESCRIBE TABLE}, {@code EXISTS TABLE}): plain SELECTs over the system
 * tables, with the column names ClickHouse answers those statements with. They go through the statement
 * guard like any other, and the connection's filters show only the key's own database.
 */
public final class BiMetadataSql {
    private BiMetadataSql() {
    }

    public static Sql showDatabases() {
        return Sql.of("SELECT name FROM system.databases ORDER BY name");
    }

    /** {@code database} null: the current database. */
    public static Sql showTables(String database) {
        Parameters parameters = new Parameters();
        String text = "SELECT name FROM system.tables WHERE database = " + databaseOrCurrent(database, parameters) + " ORDER BY name";
        return Sql.of(text, parameters);
    }

    /** The columns {@code DESCRIBE TABLE} answers with, in its order. */
    public static Sql describe(String database, String table) {
        Parameters parameters = new Parameters();
        String databaseText = databaseOrCurrent(database, parameters);
        String text = "SELECT name, type, default_kind AS default_type, default_expression, comment,"
                + " compression_codec AS codec_expression, '' AS ttl_expression FROM system.columns WHERE database = " + databaseText + " AND table = "
                + parameters.bind(Param.string(table)) + " ORDER BY position";
        return Sql.of(text, parameters);
    }

    public static Sql exists(String database, String table) {
        Parameters parameters = new Parameters();
        String databaseText = databaseOrCurrent(database, parameters);
        String text = "SELECT toUInt8(count() > 0) AS result FROM system.tables WHERE database = " + databaseText
                + " AND name = " + parameters.bind(Param.string(table));
        return Sql.of(text, parameters);
    }

    /**
     * clickhouse-go's server hello over HTTP, with its column names: Tally's display name (as in
     * {@code X-ClickHouse-Server-Display-Name}) instead of the host's, and the highest Native protocol
     * revision Tally writes instead of the engine's.
     */
    public static Sql serverHello(String displayName, long revision) {
        Parameters parameters = new Parameters();
        String text = "SELECT " + parameters.bind(Param.string(displayName)) + " AS `displayName()`, version() AS `version()`, "
                + parameters.bind(Param.uint32(revision)) + " AS `revision()`, timezone() AS `timezone()`";
        return Sql.of(text, parameters);
    }

    private static String databaseOrCurrent(String database, Parameters parameters) {
        return database == null ? "currentDatabase()" : parameters.bind(Param.string(database));
    }
}
