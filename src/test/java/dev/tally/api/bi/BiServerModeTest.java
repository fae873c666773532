package dev.tally.api.bi;

import dev.tally.bi.BiServerAccess;
import dev.tally.bi.BiViews;
import dev.tally.sql.Param;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.support.BiServerUsers;
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
        listener = ClickHouseListener.start(ClickHouseListener.freePort(), ClickHouseListener.freePort(),
                BiServerUsers.write(configDir, List.of(), MAX_RESULT_ROWS));
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

        listener = listener.restart(BiServerUsers.write(configDir, List.of(declared(a), declared(b)), MAX_RESULT_ROWS));
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

    /**
     * The listener enforces the quota too: each BI statement through Tally is three queries of the workspace's user
     * (the guard's two EXPLAINs and the statement), within {@code clickhouse/bi/}'s 1,800 a minute.
     */
    @Test
    void theQuotaCountsTheGuardsExplainsAndTheStatement() {
        for (int attempt = 0; ; attempt++) {
            List<String> before = direct(a, "SELECT end_time, max_queries, queries FROM system.quota_usage WHERE duration = 60", Map.of())
                    .body().lines().toList();
            assertThat(BiHttp.post(mainPort(), keyOfA, "SELECT count() FROM events", Map.of()).status()).isEqualTo(200);
            List<String> after = direct(a, "SELECT end_time, max_queries, queries FROM system.quota_usage WHERE duration = 60", Map.of())
                    .body().lines().toList();
            String[] first = before.getFirst().split("\t");
            String[] second = after.getFirst().split("\t");
            if (!first[0].equals(second[0]) && attempt < 2) {
                continue; // the minute ended between the two readings
            }
            assertThat(first[1]).isEqualTo(Long.toString(BiServerUsers.QUERIES_PER_MINUTE));
            // Three for the statement; reading system.quota_usage itself is not counted (two readings in a row differ by 0).
            assertThat(Long.parseLong(second[2]) - Long.parseLong(first[2])).isEqualTo(3);
            return;
        }
    }

    /** The DDL of {@code clickhouse/bi/} as Tally renders it parses on the server (which cannot run it: see the class comment). */
    @Test
    void theAccessDdlParses() {
        List<Sql> statements = new ArrayList<>(dev.tally.sql.BiServerSql.shared(BiServerAccess.sharedValues(
                new dev.tally.bi.BiLimits(60, MAX_RESULT_ROWS, 268_435_456, 2_147_483_648L, 2_000_000_000, 2))));
        statements.addAll(dev.tally.sql.BiServerSql.workspace(BiServerAccess.userOf(a), BiViews.databaseOf(a), access.passwordSha256(a)));
        statements.addAll(dev.tally.sql.BiServerSql.revoke(BiServerAccess.userOf(a)));
        assertThat(statements).hasSize(18);
        for (Sql statement : statements) {
            String formatted = server.query(new Sql("SELECT formatQuery({q:String}) AS f", Map.of("q", Param.string(statement.text()))))
                    .single().string("f");
            assertThat(formatted).as(statement.text()).isNotBlank();
        }
    }

    private static final String NATIVE_ROW = "Native at a revision for a type it cannot frame";
    private static final String SETTINGS_ROW = "system.settings hides the connection's filters and comment";
    private static final String DATABASES_ROW = "system.databases shows only its own";

    /**
     * The rows whose answer on a server differs from the embedded engine's by design, with what holds there instead.
     * Every other row expects here what it expects on the embedded engine; none is left out.
     */
    static final Map<String, String> ON_A_SERVER = Map.of(
            NATIVE_ROW, "the server frames Native at the client's revision itself, for every type (the embedded engine writes revision 0"
                    + " only, so Tally frames it there and refuses a type it cannot): the answer through Tally is byte for byte the"
                    + " server's own answer to the workspace's user, block info first",
            SETTINGS_ROW, "a server-mode statement carries neither table filters nor a private comment (the grants confine it and Tally"
                    + " cancels by query id), so the two rows are there with empty values",
            DATABASES_ROW, "the user's grants on the metadata tables make the system database visible too");

    @Test
    void everyServerSpecificExpectationNamesARowOfTheEscapeTable() {
        assertThat(BiEscapeTest.rows().stream().map(BiEscapeTest.Row::name).toList()).containsAll(ON_A_SERVER.keySet());
    }

    static List<BiEscapeTest.Row> escapeRows() {
        return BiEscapeTest.rows();
    }

    /** The embedded endpoint's escape table, every row, on server mode: refused, or A's data only. */
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
        switch (row.name()) {
            case NATIVE_ROW -> framedByTheServer(sql, parameters);
            case SETTINGS_ROW -> {
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("2\n");
                BiHttp.Answer values = BiHttp.post(mainPort(), keyOfA, "SELECT name, value FROM system.settings"
                        + " WHERE name IN ('additional_table_filters', 'log_comment') ORDER BY name", Map.of());
                assertThat(values.body()).isEqualTo("additional_table_filters\t{}\nlog_comment\t\n");
            }
            case DATABASES_ROW -> {
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("system\n" + row.expectedBody().apply(escapeFixture()));
            }
            default -> {
                if (row.expectedBody() == null) {
                    assertThat(answer.refused()).as("refused with a ClickHouse error: %s %s", answer.status(), answer.body()).isTrue();
                } else {
                    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                    assertThat(answer.body()).isEqualTo(row.expectedBody().apply(escapeFixture()));
                }
            }
        }
    }

    /** The answer through Tally is the server's own to the workspace's user, framed at the client's revision (block info first). */
    private void framedByTheServer(String sql, Map<String, String> parameters) {
        HttpResponse<byte[]> viaTally = bytes(HttpRequest.newBuilder(URI.create(mainPort() + "?" + query(parameters)))
                .header("X-ClickHouse-Key", keyOfA).POST(HttpRequest.BodyPublishers.ofString(sql)).build());
        Map<String, String> direct = new HashMap<>(parameters);
        direct.put("database", BiViews.databaseOf(a));
        HttpResponse<byte[]> straight = bytes(HttpRequest.newBuilder(URI.create(listener.httpUrl() + "/?" + query(direct)))
                .header("Authorization", basic(BiServerAccess.userOf(a), access.password(a))).POST(HttpRequest.BodyPublishers.ofString(sql)).build());
        assertThat(viaTally.statusCode()).as(new String(viaTally.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(straight.statusCode()).isEqualTo(200);
        assertThat(viaTally.body()).isEqualTo(straight.body());
        assertThat(java.util.Arrays.copyOf(viaTally.body(), 8)).containsExactly(1, 0, 2, -1, -1, -1, -1, 0);
    }

    /** Grafana's clickhouse-go on a server: its hello and a count in Native at revision 54460, decoded as it decodes them. */
    @Test
    void clickhouseGoReadsNativeAtItsRevisionThroughTally() {
        Map<String, String> parameters = Map.of("default_format", "Native", "client_protocol_version", "54460");
        Map<String, Object> hello = GoNativeBlocks.decode(nativeViaTally("SELECT displayName(), version(), revision(), timezone()", parameters), 54_460)
                .getFirst();
        assertThat(hello).containsEntry("displayName()", "tally").containsEntry("revision()", 54_460L).containsEntry("version()", server.version());
        assertThat(GoNativeBlocks.decode(nativeViaTally("SELECT count() AS n FROM events", parameters), 54_460))
                .containsExactly(Map.of("n", eventsOfA));
    }

    private byte[] nativeViaTally(String sql, Map<String, String> parameters) {
        HttpResponse<byte[]> answer = bytes(HttpRequest.newBuilder(URI.create(mainPort() + "?" + query(parameters)))
                .header("X-ClickHouse-Key", keyOfA).POST(HttpRequest.BodyPublishers.ofString(sql)).build());
        assertThat(answer.statusCode()).as(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return answer.body();
    }

    private static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream().map(e -> java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(java.util.stream.Collectors.joining("&"));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<byte[]> bytes(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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

    /** The workspace's user as {@code clickhouse/bi/} makes it on a server with SQL-driven access control. */
    private BiServerUsers.User declared(String workspaceId) {
        return new BiServerUsers.User(BiServerAccess.userOf(workspaceId), access.passwordSha256(workspaceId), BiViews.databaseOf(workspaceId));
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
