package dev.tally.api.bi;

import dev.tally.bi.BiServerAccess;
import dev.tally.bi.BiViews;
import dev.tally.sql.Param;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.support.ClickHouseListener;
import dev.tally.support.GeneratedEvents;
import dev.tally.support.TallyClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The BI endpoint with Tally in server mode on a real ClickHouse HTTP listener (a private
 * {@link ClickHouseListener}): the guard first, then the statement proxied to the server as the workspace's
 * own user, so the server enforces isolation too. The listener is clickhouse-local, whose users come only
 * from its configuration file, read at start: Tally cannot make users there, which this test shows it
 * refuses to work around (fail closed); the test then declares the two workspaces' users in the listener's
 * configuration as {@code clickhouse/bi/} makes them on a server with SQL-driven access control (same names,
 * derived passwords, grants, read-only profile with bounds), restarts it, and checks the endpoint through
 * the official JDBC driver, the escape table, and the server directly as workspace A's user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BiServerModeTest {
    private static final String ADMIN_TOKEN = "bi-server-admin-token-0123456789abcdef";
    private static final String SECRET = "secret-of-workspace-b";
    private static final long MAX_RESULT_ROWS = 100_000;

    final HttpClient http = HttpClient.newHttpClient();
    final Path configDir = temporaryDirectory();
    ClickHouseListener listener;
    EmbeddedServer tally;
    ClickHouse server;
    TallyClient client;
    BiServerAccess access;
    String a;
    String b;
    String keyOfA;
    String keyIdOfA;
    String keyOfB;
    long eventsOfA;
    String refusedBeforeUsers;

    @BeforeAll
    void start() throws Exception {
        Files.writeString(configDir.resolve("users.xml"), usersXml(List.of()));
        listener = ClickHouseListener.start(ClickHouseListener.freePort(), ClickHouseListener.freePort(), config());
        tally = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "tally.clickhouse.url", listener.jdbcUrl("tally"),
                "micronaut.server.port", -1,
                "tally.admin.token", ADMIN_TOKEN,
                "tally.bi.max-result-rows", MAX_RESULT_ROWS,
                "tally.bi.server-secret", "bi-server-test-secret",
                "tally.export.jobs.directory", configDir.resolve("jobs").toString()));
        server = tally.getApplicationContext().getBean(ClickHouse.class);
        access = tally.getApplicationContext().getBean(BiServerAccess.class);
        client = new TallyClient(tally.getURI(), ADMIN_TOKEN);
        a = (String) client.createWorkspace("business", "UTC").get("id");
        b = (String) client.createWorkspace("business", "UTC").get("id");
        Map<String, Object> issuedA = issueBiKey(a);
        keyOfA = (String) issuedA.get("key");
        keyIdOfA = (String) issuedA.get("id");
        keyOfB = biKey(b);
        GeneratedEvents.Data data = GeneratedEvents.generate(51, 500, a);
        GeneratedEvents.insert(server, data);
        eventsOfA = data.events().size();
        GeneratedEvents.insert(server, GeneratedEvents.generate(52, 300, b));
        server.execute(new Sql("INSERT INTO events (workspace_id, event_id, event_type, timestamp, url) SELECT {w:String},"
                + " 'evt_secret', 'click', now64(3), {u:String}", Map.of("w", Param.string(b),
                "u", Param.string("https://" + SECRET + ".example/"))));

        // No SQL-driven access control on this listener: Tally refuses rather than run as its own user.
        BiHttp.Answer before = BiHttp.post(mainPort(), keyOfA, "SELECT count() FROM events", Map.of());
        refusedBeforeUsers = before.status() + " " + before.body();

        Files.writeString(configDir.resolve("users.xml"), usersXml(List.of(a, b)));
        listener = listener.restart(config());
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (tally != null) {
            tally.getApplicationContext().close();
        }
        if (listener != null) {
            listener.close();
        }
    }

    @Test
    void withoutUsersOnTheServerTheEndpointRefusesInsteadOfRunningAsTallysUser() {
        assertThat(refusedBeforeUsers).startsWith("403 Code: 497. DB::Exception: the ClickHouse server cannot make BI users")
                .contains(BiServerAccess.userOf(a));
    }

    @Test
    void theOfficialDriverReadsItsWorkspaceThroughTally() throws SQLException {
        try (Connection connection = connect(keyOfA); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT count() FROM events")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(eventsOfA);
            }
            long expectedClicks = server.query(new Sql("SELECT count() AS n FROM events WHERE workspace_id = {w:String} AND event_type = 'click'",
                    Map.of("w", Param.string(a)))).single().longValue("n");
            try (ResultSet rows = statement.executeQuery("SELECT count() FROM events WHERE event_type = 'click'")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(expectedClicks);
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet metadata = connection.getMetaData().getTables(null, BiViews.databaseOf(a), "%", null)) {
                while (metadata.next()) {
                    tables.add(metadata.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).containsExactlyInAnyOrderElementsOf(BiViews.VIEWS);
            assertThatThrownBy(() -> statement.executeQuery("SELECT count() FROM " + BiViews.databaseOf(b) + ".events"))
                    .hasMessageContaining("497");
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO events (event_id) VALUES ('x')"))
                    .hasMessageContaining("497");
        }
    }

    @Test
    void theDriverConnectsIsValidAndSeesOnlyItsDatabase() throws SQLException {
        try (Connection connection = connect(keyOfA)) {
            assertThat(connection.isValid(5)).isTrue();
            assertThat(connection.getMetaData().getDatabaseProductVersion()).isEqualTo(server.version());
            List<String> schemas = new ArrayList<>();
            try (ResultSet rows = connection.getMetaData().getSchemas()) {
                while (rows.next()) {
                    schemas.add(rows.getString(1));
                }
            }
            // The metadata tables' grants make the system database visible on a server; nothing else is.
            assertThat(schemas).contains(BiViews.databaseOf(a)).isSubsetOf(BiViews.databaseOf(a), "system");
        }
    }

    /** The answer streams through Tally: 200 MB of result, yet Tally's heap grows by far less. */
    @Test
    void aLargeResultStreamsThroughWithBoundedHeap() throws SQLException {
        long baseline = liveHeap();
        long peak = 0;
        long rows = 0;
        long sum = 0;
        try (Connection connection = connect(keyOfA); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT number, repeat('x', 2000) AS padding FROM numbers(" + MAX_RESULT_ROWS + ")")) {
            while (result.next()) {
                sum += result.getLong(1);
                rows++;
                if (rows % 25_000 == 0) {
                    peak = Math.max(peak, liveHeap() - baseline);
                }
            }
        }
        assertThat(rows).isEqualTo(MAX_RESULT_ROWS);
        assertThat(sum).isEqualTo((MAX_RESULT_ROWS - 1) * MAX_RESULT_ROWS / 2);
        assertThat(peak).isLessThan(64L << 20);
    }

    @Test
    void queryTimeoutIsTheServersTimeout() throws SQLException {
        try (Connection connection = connect(keyOfA); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            assertThatThrownBy(() -> statement.executeQuery(BiDriverTest.RUNAWAY))
                    .isInstanceOf(SQLException.class).hasStackTraceContaining("Code: 159");
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @Test
    void cancelStopsTheKeysOwnStatementOnTheServer() throws Exception {
        dev.tally.bi.BiServerProxy proxy = tally.getApplicationContext().getBean(dev.tally.bi.BiServerProxy.class);
        try (Connection mine = connect(keyOfA); Statement slow = mine.createStatement()) {
            java.util.concurrent.CompletableFuture<Void> cancelled = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (ResultSet rows = slow.executeQuery(BiDriverTest.RUNAWAY)) {
                    rows.next();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            dev.tally.support.Poll.until(java.time.Duration.ofSeconds(10), () -> proxy.running(keyIdOfA()), running -> running == 1);
            long started = System.nanoTime();
            slow.cancel();
            assertThat(cancelled).failsWithin(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(30));
        }
        // Gone from the server too, not only from the driver's view.
        dev.tally.support.Poll.until(java.time.Duration.ofSeconds(10), () -> server.query(new Sql(
                "SELECT count() AS n FROM system.processes WHERE startsWith(query_id, 'tally-bi-')", Map.of())).single().longValue("n"), n -> n == 0);
    }

    @Test
    void theServerAnswersErrorsAndLimitsInClickHousesContract() {
        BiHttp.Answer unknownColumn = BiHttp.post(mainPort(), keyOfA, "SELECT no_such_column FROM events", Map.of());
        assertThat(unknownColumn.status()).isEqualTo(400);
        assertThat(unknownColumn.exceptionCode()).contains("47");
        assertThat(unknownColumn.body()).startsWith("Code: 47. DB::Exception: ");

        // The server stops at the row bound either before its first byte (an error answer) or after it began to
        // stream (ClickHouse then cuts the response, which Tally passes on as cut): never a complete-looking answer.
        try {
            BiHttp.Answer tooManyRows = BiHttp.post(mainPort(), keyOfA, "SELECT number FROM numbers(" + (MAX_RESULT_ROWS * 3) + ")", Map.of());
            assertThat(tooManyRows.exceptionCode()).contains("396");
            assertThat(tooManyRows.body()).contains("Code: 396. DB::Exception: ");
        } catch (java.io.UncheckedIOException cut) {
            assertThat(cut).hasRootCauseInstanceOf(java.io.EOFException.class);
        }

        BiHttp.Answer json = BiHttp.post(mainPort(), keyOfA, "SELECT count() AS n FROM events FORMAT JSONEachRow", Map.of());
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.body()).isEqualTo("{\"n\":" + eventsOfA + "}\n");
        assertThat(json.response().headers().firstValue("X-ClickHouse-Format")).contains("JSONEachRow");
    }

    @Test
    void aRevokedKeyStopsAtOnce() {
        Map<String, Object> issued = issueBiKey(a);
        String key = (String) issued.get("key");
        assertThat(BiHttp.post(mainPort(), key, "SELECT 1", Map.of()).status()).isEqualTo(200);
        String keyId = (String) issued.get("id");
        assertThat(admin("DELETE", "/api/v1/workspaces/" + a + "/keys/" + keyId).statusCode()).isBetween(200, 299);
        BiHttp.Answer after = BiHttp.post(mainPort(), key, "SELECT 1", Map.of());
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.exceptionCode()).contains("516");
    }

    /** Straight to the server as workspace A's user: what it may do there does not depend on Tally's guard. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pastTheGuard")
    void theServerItselfRefusesWhatTheGuardRefuses(String name, String sql, Map<String, String> parameters) {
        HttpResponse<String> answer = direct(a, sql.replace("B.", BiViews.databaseOf(b) + "."), parameters);
        assertThat(answer.statusCode()).as(answer.body()).isGreaterThanOrEqualTo(400);
        assertThat(answer.headers().firstValue("X-ClickHouse-Exception-Code")).isPresent();
        assertThat(answer.body()).doesNotContain(SECRET);
    }

    static List<Object[]> pastTheGuard() {
        return List.of(
                new Object[]{"base table", "SELECT * FROM tally.events", Map.of()},
                new Object[]{"another workspace", "SELECT url FROM B.events", Map.of()},
                new Object[]{"another workspace in a subquery", "SELECT count() FROM events WHERE url IN (SELECT url FROM B.events)", Map.of()},
                // 26.7.2.1 predates PR #115397, so a nested SETTINGS clause escapes readonly; the grants still hold.
                new Object[]{"nested SETTINGS readonly=0 over the base table", "SELECT count() FROM (SELECT * FROM tally.events SETTINGS readonly = 0)", Map.of()},
                new Object[]{"merge()", "SELECT * FROM merge('tally', '^events$')", Map.of()},
                new Object[]{"mergeTreeIndex()", "SELECT * FROM mergeTreeIndex('tally', 'events')", Map.of()},
                new Object[]{"file()", "SELECT * FROM file('/etc/passwd', 'LineAsString')", Map.of()},
                new Object[]{"INSERT", "INSERT INTO events (event_id) VALUES ('x')", Map.of()},
                new Object[]{"CREATE", "CREATE TABLE x (a Int8) ENGINE = Memory", Map.of()},
                new Object[]{"DROP", "DROP TABLE events", Map.of()},
                new Object[]{"api keys", "SELECT key_hash FROM tally.api_keys", Map.of()},
                new Object[]{"a limit above the profile's bound", "SELECT 1", Map.of("max_result_rows", Long.toString(MAX_RESULT_ROWS * 10))},
                new Object[]{"readonly=0", "SELECT 1", Map.of("readonly", "0")});
    }

    @Test
    void theServerGivesTheWorkspaceUserItsOwnViews() {
        HttpResponse<String> own = direct(a, "SELECT count() FROM events", Map.of());
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(own.body().strip()).isEqualTo(Long.toString(eventsOfA));
        HttpResponse<String> wrongPassword = directAs(BiServerAccess.userOf(a), "not-the-password", "SELECT 1", Map.of());
        assertThat(wrongPassword.headers().firstValue("X-ClickHouse-Exception-Code")).contains("516");
    }

    /** The DDL of {@code clickhouse/bi/} as Tally renders it parses on the server (which cannot run it: see the class comment). */
    @Test
    void theAccessDdlParses() {
        List<Sql> statements = new ArrayList<>(dev.tally.sql.BiServerSql.shared(BiServerAccess.sharedValues(
                new dev.tally.bi.BiLimits(60, MAX_RESULT_ROWS, 268_435_456, 2_147_483_648L, 2_000_000_000, 2))));
        statements.addAll(dev.tally.sql.BiServerSql.workspace(BiServerAccess.userOf(a), BiViews.databaseOf(a), access.passwordSha256(a)));
        assertThat(statements).hasSize(17);
        for (Sql statement : statements) {
            String formatted = server.query(new Sql("SELECT formatQuery({q:String}) AS f", Map.of("q", Param.string(statement.text()))))
                    .single().string("f");
            assertThat(formatted).as(statement.text()).isNotBlank();
        }
    }

    // Rows about mechanisms of the embedded path only: Tally's own Native framing at a client's revision (on a
    // server, the server frames Native itself) and the connection's table filters hidden from system.settings
    // (a server-mode connection carries none; the server's grants confine it).
    private static final List<String> EMBEDDED_ONLY = List.of("Native at a revision for a type it cannot frame",
            "system.settings hides the connection's filters and comment");

    static List<BiEscapeTest.Row> escapeRows() {
        return BiEscapeTest.rows().stream().filter(row -> !EMBEDDED_ONLY.contains(row.name())).toList();
    }

    /** The embedded endpoint's escape table, on server mode: refused, or A's data only. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("escapeRows")
    void theEscapeTableHoldsInServerMode(BiEscapeTest.Row row) {
        Map<String, String> parameters = new HashMap<>(row.parameters());
        if (row.name().startsWith("parameter holding SQL")) {
            parameters.put("param_x", "') UNION ALL SELECT url FROM tally.events --");
        }
        String other = BiViews.databaseOf(b);
        String sql = row.sql().replace("B.", other + ".").replace("`B`", "`" + other + "`").replace("'B'", "'" + other + "'");
        BiHttp.Answer answer = BiHttp.post(mainPort(), keyOfA, sql, parameters);
        for (String forbidden : List.of(SECRET, b, "root:", "api_keys", "schema_migrations")) {
            if (!sql.contains(forbidden)) {
                assertThat(answer.body()).doesNotContain(forbidden);
            }
        }
        if (row.expectedBody() == null) {
            assertThat(answer.refused()).as("refused with a ClickHouse error: %s %s", answer.status(), answer.body()).isTrue();
        } else {
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            String expected = row.expectedBody().apply(escapeFixture());
            if (row.name().equals("system.databases shows only its own")) {
                // On a server the user's grants on the metadata tables make the system database visible too.
                expected = "system\n" + expected;
            }
            assertThat(answer.body()).isEqualTo(expected);
        }
    }

    private BiEscapeTest escapeFixture() {
        BiEscapeTest fixture = new BiEscapeTest();
        fixture.eventsOfA = eventsOfA;
        fixture.a = new dev.tally.support.TestWorkspaces.TestWorkspace(workspace(a), null);
        return fixture;
    }

    private static dev.tally.auth.Workspace workspace(String id) {
        return new dev.tally.auth.Workspace(id, "org", "test", dev.tally.auth.Plan.BUSINESS, java.time.ZoneId.of("UTC"));
    }

    private String keyIdOfA() {
        return keyIdOfA;
    }

    private static long liveHeap() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private Connection connect(String key) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "bi-tool");
        properties.setProperty("password", key);
        return DriverManager.getConnection("jdbc:clickhouse://localhost:" + tally.getPort() + "/clickhouse/" + BiViews.databaseOf(a), properties);
    }

    private String mainPort() {
        return "http://localhost:" + tally.getPort() + "/clickhouse/";
    }

    private String biKey(String workspaceId) {
        return (String) issueBiKey(workspaceId).get("key");
    }

    private Map<String, Object> issueBiKey(String workspaceId) {
        return client.post("/api/v1/workspaces/" + workspaceId + "/keys", "application/json",
                "{\"name\":\"bi\",\"scopes\":[\"bi:read\"]}", ADMIN_TOKEN).ok().json();
    }

    private HttpResponse<String> admin(String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(tally.getURI().resolve(path)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return send(request);
    }

    private HttpResponse<String> direct(String workspaceId, String sql, Map<String, String> parameters) {
        return directAs(BiServerAccess.userOf(workspaceId), access.password(workspaceId), sql, parameters);
    }

    private HttpResponse<String> directAs(String user, String password, String sql, Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(value));
        HttpRequest request = HttpRequest.newBuilder(URI.create(listener.httpUrl() + "/" + query))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        return send(request);
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

    private Path config() throws IOException {
        Path config = configDir.resolve("config.xml");
        Files.writeString(config, """
                <clickhouse>
                  <user_directories><users_xml><path>%s</path></users_xml></user_directories>
                  <access_control_improvements>
                    <settings_constraints_replace_previous>true</settings_constraints_replace_previous>
                    <select_from_system_db_requires_grant>true</select_from_system_db_requires_grant>
                    <select_from_information_schema_requires_grant>true</select_from_information_schema_requires_grant>
                  </access_control_improvements>
                </clickhouse>
                """.formatted(configDir.resolve("users.xml").toAbsolutePath()));
        return config;
    }

    /**
     * The listener's users: Tally's own ({@code default}) and, for each workspace, the user
     * {@code clickhouse/bi/} makes on a server with SQL-driven access control, in the configuration's form.
     */
    private String usersXml(List<String> workspaceIds) {
        StringBuilder users = new StringBuilder();
        for (String id : workspaceIds) {
            users.append("<").append(BiServerAccess.userOf(id)).append("><password_sha256_hex>").append(access.passwordSha256(id))
                    .append("</password_sha256_hex><networks><ip>::/0</ip></networks><profile>tally_bi</profile><quota>tally_bi</quota>")
                    .append("<default_database>").append(BiViews.databaseOf(id)).append("</default_database><grants>")
                    .append("<query>GRANT SELECT ON ").append(BiViews.databaseOf(id)).append(".*</query>");
            for (String table : List.of("one", "databases", "tables", "columns", "functions", "data_type_families", "table_functions")) {
                users.append("<query>GRANT SELECT ON system.").append(table).append("</query>");
            }
            users.append("</grants></").append(BiServerAccess.userOf(id)).append(">");
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
                      </constraints>
                    </tally_bi>
                  </profiles>
                  <users>
                    <default><password></password><networks><ip>::/0</ip></networks><profile>default</profile><quota>default</quota>
                      <access_management>1</access_management></default>
                    %s
                  </users>
                  <quotas><default/><tally_bi><interval><duration>60</duration><queries>600</queries></interval></tally_bi></quotas>
                </clickhouse>
                """.formatted(MAX_RESULT_ROWS, bound, MAX_RESULT_ROWS, bound, bound, bound, bound, bound, bound, bound, bound, users);
    }

    private static Path temporaryDirectory() {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bi-server-" + UUID.randomUUID().toString().substring(0, 8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
