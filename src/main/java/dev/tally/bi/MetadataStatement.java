package dev.tally.bi;

import dev.tally.sql.BiMetadataSql;
import dev.tally.sql.Sql;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metadata statements BI tools send besides SELECTs, answered with a SELECT over the system tables
 * that Tally writes ({@link BiMetadataSql}) and the guard then checks like any other: {@code SHOW
 * DATABASES} (DBeaver's catalog list, clickhouse-connect's {@code get_schema_names}, Grafana's database
 * list), {@code SHOW TABLES [FROM db]}, {@code DESC[RIBE] [TABLE] [db.]table} and {@code EXISTS [TABLE]
 * [db.]table}, and clickhouse-go's server hello (Grafana). Only these exact shapes with plain names (bare, backquoted or double-quoted) are
 * recognised; anything else stays the client's own text, which the guard refuses as before.
 */
public final class MetadataStatement {
    private static final String NAME = "(?:`([A-Za-z0-9_]+)`|\"([A-Za-z0-9_]+)\"|([A-Za-z0-9_]+))";
    private static final String QUALIFIED = "(?:" + NAME + "\\s*\\.\\s*)?" + NAME;
    private static final Pattern SHOW_DATABASES = Pattern.compile("(?i)^\\s*SHOW\\s+DATABASES\\s*$");
    private static final Pattern SHOW_TABLES = Pattern.compile("(?i)^\\s*SHOW\\s+TABLES(?:\\s+(?:FROM|IN)\\s+" + NAME + ")?\\s*$");
    private static final Pattern DESCRIBE = Pattern.compile("(?i)^\\s*DESC(?:RIBE)?\\s+(?:TABLE\\s+)?" + QUALIFIED + "\\s*$");
    /** clickhouse-go 2.x's first statement over HTTP (conn_http.go, queryHello). */
    private static final Pattern SERVER_HELLO = Pattern.compile(
            "(?i)^\\s*SELECT\\s+displayName\\(\\)\\s*,\\s*version\\(\\)\\s*,\\s*revision\\(\\)\\s*,\\s*timezone\\(\\)\\s*$");
    private static final Pattern EXISTS = Pattern.compile("(?i)^\\s*EXISTS\\s+(?:TABLE\\s+)?" + QUALIFIED + "\\s*$");

    /** The server name Tally gives (also its {@code X-ClickHouse-Server-Display-Name}). */
    public static final String DISPLAY_NAME = "tally";

    private MetadataStatement() {
    }

    /**
     * The statement to run instead of {@code text}, with its parameters; empty when {@code text} is not one of
     * these. One that names a database other than {@code ownDatabase} is refused, as the guard refuses a
     * SELECT from it.
     */
    public static Optional<Translated> translate(String text, String ownDatabase) {
        if (SERVER_HELLO.matcher(text).matches()) {
            return Optional.of(Translated.of(BiMetadataSql.serverHello(DISPLAY_NAME, NativeRevision.HIGHEST)));
        }
        if (SHOW_DATABASES.matcher(text).matches()) {
            return Optional.of(Translated.of(BiMetadataSql.showDatabases()));
        }
        Matcher tables = SHOW_TABLES.matcher(text);
        if (tables.matches()) {
            return Optional.of(Translated.of(BiMetadataSql.showTables(own(name(tables, 1), ownDatabase))));
        }
        Matcher describe = DESCRIBE.matcher(text);
        if (describe.matches()) {
            return Optional.of(Translated.of(BiMetadataSql.describe(own(name(describe, 1), ownDatabase), name(describe, 4))));
        }
        Matcher exists = EXISTS.matcher(text);
        if (exists.matches()) {
            return Optional.of(Translated.of(BiMetadataSql.exists(own(name(exists, 1), ownDatabase), name(exists, 4))));
        }
        return Optional.empty();
    }

    private static String own(String database, String ownDatabase) {
        if (database != null && !database.equals(ownDatabase)) {
            throw BiRefusal.denied("database " + database + " is not readable with this key; it reads " + ownDatabase);
        }
        return database;
    }

    /** The name matched by the three alternatives of {@link #NAME} starting at {@code group}, or null. */
    private static String name(Matcher matcher, int group) {
        for (int i = group; i < group + 3; i++) {
            if (matcher.group(i) != null) {
                return matcher.group(i);
            }
        }
        return null;
    }

    /** A statement Tally wrote and its parameters (what the endpoint's {@code param_*} would have been). */
    public record Translated(String text, Map<String, String> parameters) {
        static Translated of(Sql sql) {
            Map<String, String> parameters = new LinkedHashMap<>();
            sql.params().forEach((name, param) -> parameters.put(name, param.text()));
            return new Translated(sql.text(), Map.copyOf(parameters));
        }
    }
}
