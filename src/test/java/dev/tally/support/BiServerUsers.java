package dev.tally.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * BI users for a {@link ClickHouseListener}, which is clickhouse-local and takes users only from the users file
 * its configuration names (read at start; no SQL-driven access control, so {@code clickhouse/bi/}'s DDL
 * cannot run there, docs/adr/0125). Declares, in the configuration's form, what that DDL makes on a real
 * server: per workspace its user with the derived password, its default database and {@code SELECT} on it and
 * on the metadata tables, the read-only profile {@code tally_bi} with its bounds, and the quota.
 *
 * <pre>{@code
 * Path config = BiServerUsers.write(dir, List.of(new BiServerUsers.User(name, sha256, "ws_…")), 100_000);
 * ClickHouseListener listener = ClickHouseListener.start(ClickHouseListener.freePort(), ClickHouseListener.freePort(), config);
 * }</pre>
 */
public final class BiServerUsers {
    /** The system tables {@code clickhouse/bi/shared.sql} grants the role {@code tally_bi}. */
    private static final List<String> SYSTEM_TABLES = List.of("one", "databases", "tables", "columns", "functions",
            "data_type_families", "table_functions");

    /** One workspace's BI user as Tally names it ({@code BiServerAccess.userOf}), with its password's SHA-256. */
    public record User(String name, String passwordSha256, String database) {
    }

    /** {@code clickhouse/bi/shared.sql}'s quota: 600 statements a minute, three queries each (the guard's two EXPLAINs). */
    public static final long QUERIES_PER_MINUTE = 1_800;

    private BiServerUsers() {
    }

    /**
     * Writes {@code users.xml} (Tally's own {@code default} user with access management, and {@code users}) and the
     * {@code config.xml} that names it into {@code dir}; returns the config file for {@link ClickHouseListener#start}
     * or {@link ClickHouseListener#restart}.
     */
    public static Path write(Path dir, List<User> users, long maxResultRows) {
        return write(dir, users, maxResultRows, List.of(), QUERIES_PER_MINUTE);
    }

    /**
     * The same, with {@code alsoChangeable} settings changeable in read-only mode besides the profile's (for a client
     * other than Tally sent straight to the server, such as the JDBC driver 0.9.x, which sends {@code async_insert=0}
     * with every statement; Tally itself never passes it on), and a quota of {@code queriesPerMinute} instead of
     * {@code clickhouse/bi/shared.sql}'s (a benchmark sends far more than a workspace's 600 statements a minute).
     */
    public static Path write(Path dir, List<User> users, long maxResultRows, List<String> alsoChangeable, long queriesPerMinute) {
        try {
            Files.writeString(dir.resolve("users.xml"), usersXml(users, maxResultRows, alsoChangeable, queriesPerMinute));
            Path config = dir.resolve("config.xml");
            Files.writeString(config, """
                    <clickhouse>
                      <user_directories><users_xml><path>%s</path></users_xml></user_directories>
                      <access_control_improvements>
                        <settings_constraints_replace_previous>true</settings_constraints_replace_previous>
                        <select_from_system_db_requires_grant>true</select_from_system_db_requires_grant>
                        <select_from_information_schema_requires_grant>true</select_from_information_schema_requires_grant>
                      </access_control_improvements>
                    </clickhouse>
                    """.formatted(dir.resolve("users.xml").toAbsolutePath()));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String usersXml(List<User> users, long maxResultRows, List<String> alsoChangeable, long queriesPerMinute) {
        StringBuilder declared = new StringBuilder();
        for (User user : users) {
            declared.append("<").append(user.name()).append("><password_sha256_hex>").append(user.passwordSha256())
                    .append("</password_sha256_hex><networks><ip>::/0</ip></networks><profile>tally_bi</profile><quota>tally_bi</quota>")
                    .append("<default_database>").append(user.database()).append("</default_database><grants>")
                    .append("<query>GRANT SELECT ON ").append(user.database()).append(".*</query>");
            for (String table : SYSTEM_TABLES) {
                declared.append("<query>GRANT SELECT ON system.").append(table).append("</query>");
            }
            declared.append("</grants></").append(user.name()).append(">");
        }
        String bound = "<changeable_in_readonly/>";
        return """
                <clickhouse>
                  <profiles>
                    <default/>
                    <tally_bi>
                      <readonly>1</readonly><allow_ddl>0</allow_ddl><allow_introspection_functions>0</allow_introspection_functions>
                      <max_execution_time>60</max_execution_time><max_result_rows>%d</max_result_rows>
                      <max_rows_to_read>2000000000</max_rows_to_read><max_recursive_cte_evaluation_depth>100</max_recursive_cte_evaluation_depth>
                      <constraints>
                        <readonly><const/></readonly>
                        <max_execution_time><min>0</min><max>60</max>%s</max_execution_time>
                        <max_result_rows><min>0</min><max>%d</max>%s</max_result_rows>
                        <max_result_bytes><min>0</min><max>268435456</max>%s</max_result_bytes>
                        <max_rows_to_read><min>0</min><max>2000000000</max>%s</max_rows_to_read>
                        <max_memory_usage><min>0</min><max>2147483648</max>%s</max_memory_usage>
                        <max_threads><min>1</min><max>2</max>%s</max_threads>
                        <max_block_size><min>1</min><max>65536</max>%s</max_block_size>
                        <session_timezone>%s</session_timezone>
                        <result_overflow_mode>%s</result_overflow_mode>
                        %s
                      </constraints>
                    </tally_bi>
                  </profiles>
                  <users>
                    <default><password></password><networks><ip>::/0</ip></networks><profile>default</profile><quota>default</quota>
                      <access_management>1</access_management></default>
                    %s
                  </users>
                  <quotas><default/><tally_bi><interval><duration>60</duration><queries>%d</queries></interval></tally_bi></quotas>
                </clickhouse>
                """.formatted(maxResultRows, bound, maxResultRows, bound, bound, bound, bound, bound, bound, bound, bound,
                alsoChangeable.stream().map(name -> "<" + name + ">" + bound + "</" + name + ">").collect(java.util.stream.Collectors.joining()), declared,
                queriesPerMinute);
    }
}
