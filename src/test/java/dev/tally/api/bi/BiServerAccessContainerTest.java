package dev.tally.api.bi;

import dev.tally.bi.BiServerAccess;
import dev.tally.bi.BiViews;
import dev.tally.sql.Param;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.support.GeneratedEvents;
import dev.tally.support.TallyClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.clickhouse.ClickHouseContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.MountableFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code clickhouse/bi/}'s DDL run for real: Tally in server mode on a ClickHouse server in a container with
 * SQL-driven access control (the compose file's settings: {@code CLICKHOUSE_DEFAULT_ACCESS_MANAGEMENT=1} and
 * {@code clickhouse/server/config.d/bi-access.xml}), where {@link BiServerModeTest}'s listener (clickhouse-local) can
 * only parse it. Tally makes each workspace's user at its first BI statement, the official JDBC driver reads through
 * Tally as that user, the server itself refuses another workspace's views, Tally's tables and writes for it, bounds
 * its settings by the profile and its work by the quota, and the user is dropped with the workspace's last
 * {@code bi:read} key. Skipped, not failed, where no Docker engine runs (as on the development machines).
 *
 * <p>What each assertion expects is ClickHouse's documented behaviour, read in its sources: users made in SQL get
 * only what is granted ({@code select_from_system_db_requires_grant} leaves the implicit grants of
 * {@code ContextAccess}'s always-accessible system tables, such as {@code settings} and {@code quota_usage});
 * settings beyond a profile's {@code MAX} are {@code SETTING_CONSTRAINT_VIOLATION} (452), changing {@code readonly}
 * in read-only mode is {@code READONLY} (164); every query, {@code EXPLAIN} included, counts against a quota's
 * {@code queries}, and rows read beyond {@code read_rows} are {@code QUOTA_EXCEEDED} (201).
 */
@Testcontainers(disabledWithoutDocker = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BiServerAccessContainerTest {
    /** The oldest line with ClickHouse PR #115397 (26.8.2.2), the minimum server version README names for BI. */
    static final String IMAGE = "clickhouse/clickhouse-server:26.8";
    private static final String ADMIN_TOKEN = "bi-container-admin-token-0123456789abcdef";
    private static final String SECRET = "secret-of-workspace-b";
    private static final long MAX_RESULT_ROWS = 100_000;
    private static final long MAX_ROWS_TO_READ = 1_000_000;

    @Container
    private static final ClickHouseContainer SERVER = new ClickHouseContainer(IMAGE)
            .withUsername("tally").withPassword("tally")
            .withEnv("CLICKHOUSE_DEFAULT_ACCESS_MANAGEMENT", "1")
            .withCopyFileToContainer(MountableFile.forHostPath(Path.of("clickhouse", "server", "config.d", "bi-access.xml")),
                    "/etc/clickhouse-server/config.d/bi-access.xml");

    final HttpClient http = HttpClient.newHttpClient();
    EmbeddedServer tally;
    ClickHouse server;
    BiServerAccess access;
    TallyClient client;
    String a;
    String b;
    String keyOfA;
    long eventsOfA;
    long usersOfABefore;

    @BeforeAll
    void start() throws IOException {
        Path jobs = Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(), "bi-container-");
        tally = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "tally.clickhouse.url", "jdbc:clickhouse://" + SERVER.getHost() + ":" + SERVER.getMappedPort(8123) + "/tally",
                "tally.clickhouse.user", SERVER.getUsername(),
                "tally.clickhouse.password", SERVER.getPassword(),
                "micronaut.server.port", -1,
                "tally.admin.token", ADMIN_TOKEN,
                "tally.bi.max-result-rows", MAX_RESULT_ROWS,
                "tally.bi.max-rows-to-read", MAX_ROWS_TO_READ,
                "tally.bi.server-secret", "bi-container-test-secret",
                "tally.export.jobs.directory", jobs.toString()));
        server = tally.getApplicationContext().getBean(ClickHouse.class);
        access = tally.getApplicationContext().getBean(BiServerAccess.class);
        client = new TallyClient(tally.getURI(), ADMIN_TOKEN);
        a = workspace();
        b = workspace();
        keyOfA = biKey(a).get("key").toString();
        biKey(b);
        GeneratedEvents.Data data = GeneratedEvents.generate(61, 400, a);
        GeneratedEvents.insert(server, data);
        eventsOfA = data.events().size();
        GeneratedEvents.insert(server, GeneratedEvents.generate(62, 300, b));
        server.execute(new Sql("INSERT INTO events (workspace_id, event_id, event_type, timestamp, url) SELECT {w:String},"
                + " 'evt_secret', 'click', now64(3), {u:String}", Map.of("w", Param.string(b),
                "u", Param.string("https://" + SECRET + ".example/"))));
        usersOfABefore = users(a);
        // B's user exists too, so "another workspace's views" is a real database with a real owner.
        assertThat(BiHttp.post(mainPort(), biKey(b).get("key").toString(), "SELECT 1", Map.of()).status()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (tally != null) {
            tally.getApplicationContext().close();
        }
    }

    @Test
    void tallyMakesTheWorkspacesUserWithOnlyItsGrantsAtItsFirstStatement() {
        assertThat(usersOfABefore).isZero();
        assertThat(BiHttp.post(mainPort(), keyOfA, "SELECT 1", Map.of()).status()).isEqualTo(200);
        assertThat(users(a)).isOne();
        String user = BiServerAccess.userOf(a);
        assertThat(rows("SELECT access_type, database, ifNull(table, '') AS t FROM system.grants WHERE user_name = {u:String}"
                + " ORDER BY access_type, database, t", user)).containsExactly("SELECT\t" + BiViews.databaseOf(a) + "\t");
        assertThat(rows("SELECT granted_role_name, granted_role_is_default FROM system.role_grants WHERE user_name = {u:String}", user))
                .containsExactly("tally_bi\t1");
        assertThat(rows("SELECT access_type, database, table FROM system.grants WHERE role_name = {u:String} ORDER BY table", "tally_bi"))
                .containsExactly("SELECT\tsystem\tcolumns", "SELECT\tsystem\tdata_type_families", "SELECT\tsystem\tdatabases",
                        "SELECT\tsystem\tfunctions", "SELECT\tsystem\tone", "SELECT\tsystem\ttable_functions", "SELECT\tsystem\ttables");
        // The views read Tally's tables as their definer, so the user needs (and has) no grant on those.
        assertThat(rows("SELECT create_table_query FROM system.tables WHERE database = {u:String} AND name = 'events'", BiViews.databaseOf(a)))
                .singleElement().asString().contains("SQL SECURITY DEFINER");
    }

    @Test
    void theOfficialDriverReadsItsWorkspaceThroughTallyAsThatUser() throws SQLException {
        try (Connection connection = driver(); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT count() FROM events")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(eventsOfA);
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet metadata = connection.getMetaData().getTables(null, BiViews.databaseOf(a), "%", null)) {
                while (metadata.next()) {
                    tables.add(metadata.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).containsExactlyInAnyOrderElementsOf(BiViews.VIEWS);
            assertThatThrownBy(() -> statement.executeQuery("SELECT url FROM " + BiViews.databaseOf(b) + ".events"))
                    .hasMessageContaining("497").hasMessageNotContaining(SECRET);
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO events (event_id) VALUES ('x')")).hasMessageContaining("497");
        }
        // It ran on the server as the workspace's user, not as Tally's.
        rows("SYSTEM FLUSH LOGS");
        assertThat(rows("SELECT count() > 0 FROM system.query_log WHERE user = {u:String} AND query = 'SELECT count() FROM events'",
                BiServerAccess.userOf(a))).containsExactly("1");
    }

    /** Straight to the server as A's user, past Tally's guard: the server's grants and read-only profile refuse. */
    @Test
    void theServerItselfRefusesAnotherWorkspaceTallysTablesAndWrites() {
        String other = BiViews.databaseOf(b);
        // Reads of what the user has no grant on: ACCESS_DENIED, whatever else the statement does.
        for (String sql : List.of("SELECT url FROM " + other + ".events", "SELECT count() FROM events WHERE url IN (SELECT url FROM " + other + ".events)",
                "SELECT url FROM tally.events", "SELECT key_hash FROM tally.api_keys", "SELECT count() FROM (SELECT * FROM tally.events SETTINGS readonly = 0)",
                "SELECT name FROM system.parts", "SELECT query FROM system.processes", "SELECT name, last_error_message FROM system.errors")) {
            HttpResponse<String> answer = asUser(a, sql, Map.of());
            assertThat(answer.statusCode()).as(sql + ": " + answer.body()).isGreaterThanOrEqualTo(400);
            assertThat(answer.headers().firstValue("X-ClickHouse-Exception-Code")).as(sql + ": " + answer.body()).contains("497");
            assertThat(answer.body()).doesNotContain(SECRET);
        }
        // Table functions reaching past the grants: refused, by the grants or by read-only mode, with nothing of B's.
        for (String sql : List.of("SELECT * FROM merge('tally', '^events$')", "SELECT * FROM mergeTreeIndex('tally', 'events')",
                "SELECT * FROM file('/etc/passwd', 'LineAsString')", "SELECT * FROM url('http://127.0.0.1:9/x', 'CSV', 'a String')")) {
            HttpResponse<String> answer = asUser(a, sql, Map.of());
            assertThat(answer.statusCode()).as(sql + ": " + answer.body()).isGreaterThanOrEqualTo(400);
            assertThat(answer.headers().firstValue("X-ClickHouse-Exception-Code")).as(sql).isPresent();
            assertThat(answer.body()).doesNotContain(SECRET).doesNotContain("root:");
        }
        for (String sql : List.of("INSERT INTO events (event_id) VALUES ('x')", "CREATE TABLE x (a Int8) ENGINE = Memory", "DROP TABLE events",
                "CREATE USER intruder", "GRANT SELECT ON tally.* TO " + BiServerAccess.userOf(a))) {
            HttpResponse<String> answer = asUser(a, sql, Map.of());
            assertThat(answer.headers().firstValue("X-ClickHouse-Exception-Code")).as(sql + ": " + answer.body()).get().isIn("164", "497");
        }
        assertThat(rows("SELECT count() FROM tally.events WHERE event_id = 'x'")).containsExactly("0");
        HttpResponse<String> own = asUser(a, "SELECT count() FROM events", Map.of());
        assertThat(own.body().strip()).isEqualTo(Long.toString(eventsOfA));
        HttpResponse<String> wrongPassword = send(request(BiServerAccess.userOf(a), "not-the-password", "SELECT 1", Map.of()));
        assertThat(wrongPassword.headers().firstValue("X-ClickHouse-Exception-Code")).contains("516");
    }

    @Test
    void theProfileBoundsTheUsersSettings() {
        HttpResponse<String> effective = asUser(a, "SELECT name, value FROM system.settings WHERE name IN ('readonly', 'allow_ddl',"
                + " 'allow_introspection_functions', 'max_result_rows', 'max_rows_to_read', 'max_recursive_cte_evaluation_depth') ORDER BY name", Map.of());
        assertThat(effective.body()).isEqualTo("allow_ddl\t0\nallow_introspection_functions\t0\nmax_recursive_cte_evaluation_depth\t100\n"
                + "max_result_rows\t" + MAX_RESULT_ROWS + "\nmax_rows_to_read\t" + MAX_ROWS_TO_READ + "\nreadonly\t1\n");
        // Within the bounds a client may lower them (CHANGEABLE_IN_READONLY); above, or the CONST ones, never.
        assertThat(asUser(a, "SELECT 1", Map.of("max_result_rows", "10", "max_execution_time", "5")).statusCode()).isEqualTo(200);
        assertThat(code(asUser(a, "SELECT 1", Map.of("max_result_rows", Long.toString(MAX_RESULT_ROWS + 1))))).isEqualTo("452");
        assertThat(code(asUser(a, "SELECT 1", Map.of("max_rows_to_read", Long.toString(MAX_ROWS_TO_READ * 2))))).isEqualTo("452");
        assertThat(code(asUser(a, "SELECT 1", Map.of("readonly", "0")))).isIn("164", "452");
        assertThat(code(asUser(a, "SELECT 1", Map.of("allow_ddl", "1")))).isIn("164", "452");
        assertThat(code(asUser(a, "SELECT 1", Map.of("allow_introspection_functions", "1")))).isIn("164", "452");
        assertThat(code(asUser(a, "SELECT sum(number) FROM numbers(" + (MAX_ROWS_TO_READ * 2) + ")", Map.of()))).isEqualTo("158");
    }

    /** Its own workspace, since it uses up that user's hourly read quota. */
    @Test
    void theQuotaCountsEveryStatementAndStopsOnlyThatWorkspace() {
        String c = workspace();
        String key = biKey(c).get("key").toString();
        assertThat(BiHttp.post(mainPort(), key, "SELECT 1", Map.of()).status()).isEqualTo(200);
        List<String> quota = asUserRows(c, "SELECT duration, max_queries, max_read_rows FROM system.quota_usage ORDER BY duration");
        assertThat(quota).containsExactly("60\t1800\t\\N", "3600\t\\N\t" + MAX_ROWS_TO_READ * 10);

        long before = queriesThisHour(c);
        assertThat(BiHttp.post(mainPort(), key, "SELECT count() FROM events", Map.of()).status()).isEqualTo(200);
        // EXPLAIN AST, EXPLAIN QUERY TREE and the statement; reading system.quota_usage is not counted (measured on the
        // listener, BiServerModeTest: two readings in a row differ by 0, each EXPLAIN by 1).
        assertThat(queriesThisHour(c) - before).isEqualTo(3);

        int served = 0;
        BiHttp.Answer last = null;
        for (int i = 0; i < 15; i++) {
            last = BiHttp.post(mainPort(), key, "SELECT sum(number) FROM numbers(900000)", Map.of());
            if (last.status() != 200) {
                break;
            }
            served++;
        }
        assertThat(last.exceptionCode()).as(last.body()).contains("201");
        assertThat(served).isBetween(10, 11);
        // The quota is the user's: workspace A reads on.
        assertThat(BiHttp.post(mainPort(), keyOfA, "SELECT count() FROM events", Map.of()).body()).isEqualTo(eventsOfA + "\n");
    }

    @Test
    void revokingTheWorkspacesLastBiKeyDropsItsUser() {
        String d = workspace();
        Map<String, Object> first = biKey(d);
        Map<String, Object> second = biKey(d);
        assertThat(BiHttp.post(mainPort(), first.get("key").toString(), "SELECT 1", Map.of()).status()).isEqualTo(200);
        assertThat(users(d)).isOne();

        revoke(d, first.get("id").toString());
        assertThat(users(d)).as("another bi:read key remains").isOne();
        assertThat(BiHttp.post(mainPort(), first.get("key").toString(), "SELECT 1", Map.of()).exceptionCode()).contains("516");

        revoke(d, second.get("id").toString());
        assertThat(users(d)).isZero();
        assertThat(code(asUser(d, "SELECT 1", Map.of()))).isEqualTo("516");

        // A new key makes the user again at its first statement.
        String third = biKey(d).get("key").toString();
        assertThat(BiHttp.post(mainPort(), third, "SELECT 1", Map.of()).body()).isEqualTo("1\n");
        assertThat(users(d)).isOne();
    }

    private long queriesThisHour(String workspaceId) {
        return Long.parseLong(asUserRows(workspaceId, "SELECT queries FROM system.quota_usage WHERE duration = 3600").getFirst());
    }

    private long users(String workspaceId) {
        return Long.parseLong(rows("SELECT count() FROM system.users WHERE name = {u:String}", BiServerAccess.userOf(workspaceId)).getFirst());
    }

    /** Rows as Tally's own server user, tab-separated; {@code {u:String}} bound to {@code u} when given. */
    private List<String> rows(String sql, String... u) {
        Map<String, String> parameters = u.length == 0 ? Map.of() : Map.of("param_u", u[0]);
        HttpResponse<String> answer = send(request(SERVER.getUsername(), SERVER.getPassword(), sql, parameters));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body().lines().toList();
    }

    private List<String> asUserRows(String workspaceId, String sql) {
        HttpResponse<String> answer = asUser(workspaceId, sql, Map.of());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body().lines().toList();
    }

    private HttpResponse<String> asUser(String workspaceId, String sql, Map<String, String> settings) {
        return send(request(BiServerAccess.userOf(workspaceId), access.password(workspaceId), sql, settings));
    }

    private HttpRequest request(String user, String password, String sql, Map<String, String> settings) {
        String query = settings.entrySet().stream().map(e -> "&" + e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining());
        return HttpRequest.newBuilder(URI.create("http://" + SERVER.getHost() + ":" + SERVER.getMappedPort(8123) + "/?default_format=TabSeparated" + query))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
    }

    private static String code(HttpResponse<String> answer) {
        return answer.headers().firstValue("X-ClickHouse-Exception-Code").orElse("none: " + answer.statusCode() + " " + answer.body());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Connection driver() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "bi-tool");
        properties.setProperty("password", keyOfA);
        return DriverManager.getConnection("jdbc:clickhouse://localhost:" + tally.getPort() + "/clickhouse/" + BiViews.databaseOf(a), properties);
    }

    private String mainPort() {
        return "http://localhost:" + tally.getPort() + "/clickhouse/";
    }

    private String workspace() {
        return (String) client.createWorkspace("business", "UTC").get("id");
    }

    private Map<String, Object> biKey(String workspaceId) {
        return client.post("/api/v1/workspaces/" + workspaceId + "/keys", "application/json",
                "{\"name\":\"bi\",\"scopes\":[\"bi:read\"]}", ADMIN_TOKEN).ok().json();
    }

    private void revoke(String workspaceId, String keyId) {
        HttpRequest request = HttpRequest.newBuilder(tally.getURI().resolve("/api/v1/workspaces/" + workspaceId + "/keys/" + keyId))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).DELETE().build();
        assertThat(send(request).statusCode()).isBetween(200, 299);
    }
}
