package dev.tally.sql;

/**
 * The statements that wrap an export's query for the engine: write it to a file (a named pipe) and cancel
 * it. The tag, path, format, compression and settings come from code (generated ids, enum constants),
 * never from a request; {@code INTO OUTFILE} and {@code KILL} take only literals, so they are quoted here.
 */
public final class ExportStatements {
    private ExportStatements() {
    }

    /**
     * {@code SELECT * FROM (query) INTO OUTFILE 'path' TRUNCATE COMPRESSION 'zstd' LEVEL 1 FORMAT Parquet SETTINGS …}.
     * Tricky: TRUNCATE, not APPEND, because ClickHouse refuses APPEND with compression (notes/exports.md);
     * the tag is a comment inside the text so that the statement can be found in {@code system.processes}.
     */
    public static String intoOutfile(Sql query, String tag, String path, String format, String compression,
                                     int level, String settings) {
        String compressed = compression.equals("none") ? "" : " COMPRESSION " + literal(compression) + " LEVEL " + level;
        return "SELECT /* " + identifierLike(tag) + " */ * FROM (" + query.text() + ")\nINTO OUTFILE " + literal(path)
                + " TRUNCATE" + compressed + "\nFORMAT " + identifierLike(format)
                + (settings.isEmpty() ? "" : "\nSETTINGS " + settings);
    }

    /**
     * Cancels the running statement carrying {@code tag}. Tricky: the tag is split in two literals so that
     * this statement's own text, itself in the process list, does not match.
     */
    public static String killByTag(String tag) {
        String safe = identifierLike(tag);
        int half = safe.length() / 2;
        return "KILL QUERY WHERE query LIKE concat('%', " + literal(safe.substring(0, half)) + ", "
                + literal(safe.substring(half)) + ", '%') ASYNC";
    }

    /** The query with {@code tag} as a comment in its text, so it can be found in {@code system.processes}. */
    public static Sql tagged(Sql query, String tag) {
        return new Sql("SELECT /* " + identifierLike(tag) + " */ * FROM (" + query.text() + ")", query.params());
    }

    /** Cancels the statement whose query id is {@code tag} (a server, where Tally sets the query id). */
    public static String killById(String tag) {
        return "KILL QUERY WHERE query_id = " + literal(identifierLike(tag)) + " ASYNC";
    }

    /** Counts running statements carrying {@code tag} (split like {@link #killByTag}); for tests and checks. */
    public static Sql runningWithTag(String tag) {
        String safe = identifierLike(tag);
        int half = safe.length() / 2;
        return Sql.of("SELECT count() AS running FROM system.processes WHERE query LIKE concat('%', "
                + literal(safe.substring(0, half)) + ", " + literal(safe.substring(half)) + ", '%')"
                + " AND query NOT LIKE '%KILL QUERY%'");
    }

    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String identifierLike(String value) {
        if (!value.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("not a generated name: " + value);
        }
        return value;
    }
}
