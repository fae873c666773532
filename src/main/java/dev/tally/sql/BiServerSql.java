package dev.tally.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL of the BI endpoint on a ClickHouse server: the access entities of {@code clickhouse/bi/} (a role with
 * the settings profile and quota every BI user shares, and one user per workspace) rendered with values
 * Tally checked itself, and the statements Tally runs around a proxied BI statement.
 */
public final class BiServerSql {
    /** The role every workspace's BI user holds: the profile, the quota and the metadata tables. */
    public static final String ROLE = "tally_bi";

    private static final String FOLDER = "clickhouse/bi/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_0-9]+)}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private BiServerSql() {
    }

    /**
     * The shared entities ({@code clickhouse/bi/shared.sql}) with {@code limits}: every value a whole number.
     */
    public static List<Sql> shared(Map<String, Long> limits) {
        Map<String, String> values = new java.util.HashMap<>();
        limits.forEach((name, value) -> values.put(name, Long.toString(value)));
        return render("shared.sql", values);
    }

    /** The workspace's user ({@code clickhouse/bi/workspace.sql}), allowed to read {@code database} only. */
    public static List<Sql> workspace(String user, String database, String passwordSha256) {
        if (!HEX.matcher(passwordSha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 in hex");
        }
        return render("workspace.sql", Map.of("user", BiSql.requireIdentifier(user),
                "database", BiSql.requireIdentifier(database), "password_sha256", passwordSha256));
    }

    /** Drops the workspace's user ({@code clickhouse/bi/revoke.sql}): its grants and role go with it. */
    public static List<Sql> revoke(String user) {
        return render("revoke.sql", Map.of("user", BiSql.requireIdentifier(user)));
    }

    /** Whether the server knows this user (declared in its configuration or made by {@link #workspace}). */
    public static Sql userExists(String user) {
        Parameters parameters = new Parameters();
        return Sql.of("SELECT count() AS users FROM system.users WHERE name = " + parameters.bind(Param.string(user)), parameters);
    }

    /** Cancels a proxied BI statement by the query id Tally gave it on the server. */
    public static Sql killById(String serverQueryId) {
        Parameters parameters = new Parameters();
        return Sql.of("KILL QUERY WHERE query_id = " + parameters.bind(Param.string(serverQueryId)) + " ASYNC", parameters);
    }

    /** Cancels every proxied BI statement still running (their query ids start with {@code prefix}). */
    public static Sql killAll(String prefix) {
        Parameters parameters = new Parameters();
        return Sql.of("KILL QUERY WHERE startsWith(query_id, " + parameters.bind(Param.string(prefix)) + ") ASYNC", parameters);
    }

    /** The statements of one file, with every placeholder filled; an unfilled one is a defect here. */
    static List<Sql> render(String file, Map<String, String> values) {
        List<Sql> statements = new ArrayList<>();
        for (String statement : statements(read(file))) {
            Matcher placeholder = PLACEHOLDER.matcher(statement);
            StringBuilder text = new StringBuilder();
            while (placeholder.find()) {
                String value = values.get(placeholder.group(1));
                if (value == null) {
                    throw new IllegalStateException(file + " names {" + placeholder.group(1) + "}, which Tally does not fill");
                }
                placeholder.appendReplacement(text, Matcher.quoteReplacement(value));
            }
            placeholder.appendTail(text);
            statements.add(Sql.of(text.toString()));
        }
        return statements;
    }

    private static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.startsWith("--") || line.isBlank()) {
                continue;
            }
            current.append(line.strip()).append(' ');
            if (line.strip().endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        return statements;
    }

    private static String read(String file) {
        try (InputStream in = BiServerSql.class.getClassLoader().getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException(FOLDER + file + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
