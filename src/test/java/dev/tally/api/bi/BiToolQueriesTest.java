package dev.tally.api.bi;

import com.clickhouse.client.api.data_formats.NativeFormatReader;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.jdbc.ConnectionImpl;
import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.bi.BiViews;
import dev.tally.store.ClickHouse;
import dev.tally.support.GeneratedEvents;
import dev.tally.support.GeneratedEvents.Event;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BI tools' own requests, replayed against Tally on the embedded engine as each tool sends them (its SQL
 * text, URL parameters, headers, format and settings, read from its sources; the workspace's database put
 * in where the tool puts the configured one): Metabase and DBeaver through the official JDBC driver with
 * the connection properties they set, Superset's clickhouse-connect over plain HTTP with its Native
 * format, decoded with the official Java client's {@link NativeFormatReader}. Every answer is checked:
 * metadata shows only the key's views, and the dashboard numbers equal an independent count over the
 * generated events. Like {@link BiDriverTest}, Surefire runs it with both driver versions (0.9.9, and 0.10.0
 * in the execution {@code bi-driver-next}); Metabase 1.53.4 itself ships driver 0.8.4.
 */
@MicronautTest
@Property(name = "tally.bi.port", value = "0")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BiToolQueriesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    BiListener listener;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    ClickHouse clickHouse;

    TestWorkspace owner;
    TestWorkspace other;
    String database;
    String otherDatabase;
    /** The independent answers: clicks per UTC day and per country, counted in Java over the generated events. */
    java.util.SortedMap<LocalDate, Long> clicksPerDay;
    Map<String, Long> clicksPerCountry;

    @BeforeAll
    void generate() {
        owner = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.BI_READ);
        other = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.BI_READ);
        GeneratedEvents.Data data = GeneratedEvents.generate(51, 2_000, owner.workspace().id());
        GeneratedEvents.insert(clickHouse, data);
        GeneratedEvents.insert(clickHouse, GeneratedEvents.generate(52, 1_500, other.workspace().id()));
        database = BiViews.databaseOf(owner.workspace().id());
        otherDatabase = BiViews.databaseOf(other.workspace().id());
        List<Event> clicks = data.events().stream().filter(e -> e.eventType().equals("click")).toList();
        clicksPerDay = clicks.stream().collect(Collectors.groupingBy(e -> LocalDate.ofInstant(e.timestamp(), ZoneOffset.UTC),
                TreeMap::new, Collectors.counting()));
        clicksPerCountry = clicks.stream().collect(Collectors.groupingBy(Event::country, Collectors.counting()));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Metabase: metabase-clickhouse-driver 1.53.4 (ClickHouse/metabase-clickhouse-driver), official JDBC driver.

    /** src/metabase/driver/clickhouse.clj, connection-details->spec*: the properties Metabase connects with. */
    private Connection metabase() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "metabase");
        properties.setProperty("password", owner.apiKey());
        properties.setProperty("ssl", "false");
        properties.setProperty("use_server_time_zone_for_dates", "true");
        properties.setProperty("product_name", "metabase/1.53.4");
        properties.setProperty("remember_last_set_roles", "true");
        properties.setProperty("http_connection_provider", "HTTP_URL_CONNECTION");
        properties.setProperty("jdbc_ignore_unsupported_values", "true");
        properties.setProperty("jdbc_schema_term", "schema");
        properties.setProperty("max_open_connections", "100");
        properties.setProperty("custom_http_params", "");
        return DriverManager.getConnection("jdbc:clickhouse://localhost:" + listener.port() + "/" + database, properties);
    }

    @Test
    void metabaseConnectsSyncsAndAnswersADashboard() throws SQLException {
        try (Connection connection = metabase(); Statement statement = connection.createStatement()) {
            // sql-jdbc.conn/can-connect? (Metabase core): SELECT 1.
            assertThat(scalar(statement, "SELECT 1")).isEqualTo("1");
            // clickhouse.clj, cloud?: read once per connection spec; an error counts as "not cloud".
            try (ResultSet rows = statement.executeQuery("SELECT value='1' FROM system.settings WHERE name='cloud_mode'")) {
                assertThat(rows.next() && rows.getBoolean(1)).isFalse();
            }
            // clickhouse_version.clj, clickhouse-version-query.
            try (ResultSet rows = statement.executeQuery("WITH s AS (SELECT version() AS ver, splitByChar('.', ver) AS verSplit) "
                    + "SELECT s.ver, toInt32(verSplit[1]), toInt32(verSplit[2]) FROM s")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(clickHouse.version()).startsWith(rows.getInt(2) + "." + rows.getInt(3) + ".");
            }
            // clickhouse.clj, db-default-timezone.
            assertThat(scalar(statement, "SELECT timezone() AS tz")).isEqualTo("UTC");

            // clickhouse_introspection.clj, get-tables-in-dbs: getTables(nil, dbname, "%", allowed-table-types).
            DatabaseMetaData metadata = connection.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = metadata.getTables(null, database, "%", new String[]{"TABLE", "VIEW", "FOREIGN TABLE",
                    "REMOTE TABLE", "DICTIONARY", "MATERIALIZED VIEW", "MEMORY TABLE", "LOG TABLE"})) {
                while (rows.next()) {
                    assertThat(rows.getString("TABLE_SCHEM")).isEqualTo(database);
                    tables.add(rows.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).containsExactlyInAnyOrderElementsOf(BiViews.VIEWS);
            // The same with scan-all-databases: "%" for the schema still finds only the key's database.
            try (ResultSet rows = metadata.getTables(null, "%", "%", null)) {
                while (rows.next()) {
                    assertThat(rows.getString("TABLE_SCHEM")).isIn(database, "system", "information_schema", "INFORMATION_SCHEMA");
                    assertThat(rows.getString("TABLE_SCHEM")).isNotEqualTo(otherDatabase);
                }
            }
            // sql-jdbc.sync describe-table (Metabase core): getColumns, then getPrimaryKeys.
            Map<String, String> columns = new LinkedHashMap<>();
            try (ResultSet rows = metadata.getColumns(null, database, "events", null)) {
                while (rows.next()) {
                    columns.put(rows.getString("COLUMN_NAME"), rows.getString("TYPE_NAME"));
                }
            }
            assertThat(columns).containsKeys("timestamp", "event_type", "country", "amount").doesNotContainKey("workspace_id");
            try (ResultSet ignored = metadata.getPrimaryKeys(null, database, "events")) {
                assertThat(ignored).isNotNull();
            }
        }
        // clickhouse.clj, do-with-connection-with-options: the report time zone as the session_timezone query setting.
        try (Connection connection = metabase(); Statement statement = connection.createStatement()) {
            QuerySettings settings = new QuerySettings();
            settings.setOption("session_timezone", "UTC");
            connection.unwrap(ConnectionImpl.class).setDefaultQuerySettings(settings);
            statement.setMaxRows(2_000);
            // MBQL "count of events by timestamp: day, event_type = click" as clickhouse_qp.clj compiles it
            // (toStartOfDay, MySQL-style quoting, the remark Metabase prefixes every query with, LIMIT 1048575).
            Map<LocalDate, Long> perDay = new TreeMap<>();
            try (ResultSet rows = statement.executeQuery("-- Metabase:: userID: 1 queryType: MBQL queryHash: 5d1e0f\n"
                    + "SELECT toStartOfDay(`" + database + "`.`events`.`timestamp`) AS `timestamp`, count(*) AS `count` FROM `"
                    + database + "`.`events` WHERE `" + database + "`.`events`.`event_type` = 'click' GROUP BY toStartOfDay(`"
                    + database + "`.`events`.`timestamp`) ORDER BY toStartOfDay(`" + database + "`.`events`.`timestamp`) ASC LIMIT 1048575")) {
                while (rows.next()) {
                    perDay.put(rows.getObject("timestamp", java.time.LocalDateTime.class).toLocalDate(), rows.getLong("count"));
                }
            }
            assertThat(perDay).isNotEmpty().isEqualTo(clicksPerDay);
            Map<String, Long> perCountry = new HashMap<>();
            try (ResultSet rows = statement.executeQuery("SELECT `" + database + "`.`events`.`country` AS `country`, count(*) AS `count` FROM `"
                    + database + "`.`events` WHERE `" + database + "`.`events`.`event_type` = 'click' GROUP BY `" + database
                    + "`.`events`.`country` ORDER BY `count` DESC, `" + database + "`.`events`.`country` ASC LIMIT 10")) {
                while (rows.next()) {
                    perCountry.put(rows.getString("country"), rows.getLong("count"));
                }
            }
            assertThat(perCountry).isEqualTo(top(clicksPerCountry, 10));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // DBeaver: plugin org.jkiss.dbeaver.ext.clickhouse (dbeaver/dbeaver, 2026 sources), driver "com_clickhouse".

    /** model/ClickhouseDataSource.java, getAllConnectionProperties and configureSession. */
    private Connection dbeaver() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "dbeaver");
        properties.setProperty("password", owner.apiKey());
        properties.setProperty("clickhouse_setting_session_id", "sess_" + UUID.randomUUID());
        return DriverManager.getConnection("jdbc:clickhouse://localhost:" + listener.port() + "/" + database, properties);
    }

    @Test
    void dbeaverBrowsesTheWorkspaceOnly() throws SQLException {
        try (Connection connection = dbeaver(); Statement statement = connection.createStatement()) {
            // ClickhouseDataSource.readDatabaseServerVersion.
            assertThat(scalar(statement, "SELECT VERSION()")).isEqualTo(clickHouse.version());
            // ClickhouseDataSource.TableEnginesCache, read when the data source opens.
            try (ResultSet rows = statement.executeQuery("SELECT name FROM system.table_engines")) {
                List<String> engines = new ArrayList<>();
                while (rows.next()) {
                    engines.add(rows.getString(1));
                }
                assertThat(engines).contains("MergeTree", "View");
            }
            // ClickhouseDataSource.getCatalogsNames.
            assertThat(column(statement.executeQuery("SHOW DATABASES"), 1)).containsExactly(database);
            // ClickhouseMetaModel.prepareTableLoadStatement (server 21.6 and later: with REMARKS).
            try (PreparedStatement load = connection.prepareStatement("SELECT name as TABLE_NAME, engine as TABLE_TYPE, database as TABLE_SCHEM,"
                    + "comment as REMARKS, * FROM system.tables\nWHERE database = ?")) {
                load.setString(1, database);
                List<String> names = new ArrayList<>();
                try (ResultSet rows = load.executeQuery()) {
                    while (rows.next()) {
                        assertThat(rows.getString("TABLE_TYPE")).isEqualTo("View");
                        names.add(rows.getString("TABLE_NAME"));
                    }
                }
                assertThat(names).containsExactlyInAnyOrderElementsOf(BiViews.VIEWS);
                load.setString(1, otherDatabase);
                try (ResultSet rows = load.executeQuery()) {
                    assertThat(rows.next()).isFalse();
                }
            }
            // ClickhouseDataTypeCache.prepareObjectsStatement (abridged to three of its literal rows).
            try (ResultSet rows = statement.executeQuery("SELECT\n dt.name AS TYPE_NAME,\n dt.alias_to AS TYPE_ALIAS,\n attrs.c2 AS PRECISION,\n"
                    + " NULL AS LITERAL_PREFIX,\n not(dt.case_insensitive)::Boolean AS CASE_SENSITIVE,\n not(attrs.c3)::Boolean AS UNSIGNED_ATTRIBUTE,\n"
                    + " attrs.c6 AS DATA_TYPE\nFROM system.data_type_families dt\nLEFT JOIN (select 'Bool' as c1,1 as c2,true as c3,0 as c4,0 as c5,16 as c6"
                    + " UNION ALL select 'Int32',10,true,0,0,2 UNION ALL select 'String',0,false,0,0,12\n) as attrs ON (dt.name = attrs.c1 or dt.alias_to = attrs.c1)")) {
                Map<String, Integer> dataTypes = new HashMap<>();
                while (rows.next()) {
                    dataTypes.put(rows.getString("TYPE_NAME"), rows.getInt("DATA_TYPE"));
                }
                assertThat(dataTypes).containsEntry("String", java.sql.Types.VARCHAR).containsEntry("Int32", java.sql.Types.NUMERIC)
                        .containsEntry("Bool", java.sql.Types.BOOLEAN).containsKey("DateTime64");
            }
            // The SQL editor's result-set limit (QueryTransformerLimit) on a grouped query.
            Map<String, Long> perCountry = new HashMap<>();
            try (ResultSet rows = statement.executeQuery("SELECT country, count() AS clicks FROM events WHERE event_type = 'click'"
                    + " GROUP BY country ORDER BY clicks DESC, country LIMIT 0, 200")) {
                while (rows.next()) {
                    perCountry.put(rows.getString(1), rows.getLong(2));
                }
            }
            assertThat(perCountry).isEqualTo(top(clicksPerCountry, 200));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Superset: SQLAlchemy URI clickhousedb://, i.e. clickhouse-connect 0.15.1 (ClickHouse/clickhouse-connect), HTTP.

    /** One request as clickhouse-connect sends it. */
    record ToolRequest(String name, String source, String sql, Map<String, String> parameters, BiConsumer<BiToolQueriesTest, Answer> check) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What came back: the body and its decoded Native rows when the format is Native. */
    record Answer(int status, String format, byte[] body, List<Map<String, Object>> rows) {
    }

    /**
     * driver/httpclient.py: HttpClient params after connect ({@code session_id}, and the settings it adds when
     * system.settings shows them writable), {@code database}, and {@code wait_end_of_query=1} on queries.
     */
    private Map<String, String> connectParameters(boolean withDatabase) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("session_id", "5f2e3c8c-0d5e-4b7a-9a55-2c3a7f3f5d11");
        parameters.put("date_time_input_format", "best_effort");
        parameters.put("cancel_http_readonly_queries_on_client_close", "1");
        parameters.put("enable_http_compression", "1");
        parameters.put("send_progress_in_http_headers", "1");
        parameters.put("http_headers_progress_interval_ms", "120000");
        parameters.put("wait_end_of_query", "1");
        if (withDatabase) {
            parameters.put("database", database);
        }
        return parameters;
    }

    static Stream<ToolRequest> supersetRequests() {
        return Stream.of(
                // driver/client.py, _init_common_settings: a command (TabSeparated), without the database.
                new ToolRequest("clickhouse-connect server version and time zone", "driver/client.py _init_common_settings",
                        "SELECT version(), timezone()", Map.of(), (test, answer) ->
                        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(test.clickHouse.version() + "\tUTC\n")),
                new ToolRequest("clickhouse-connect server settings", "driver/client.py _init_common_settings",
                        "SELECT name, value, readonly as readonly FROM system.settings LIMIT 10000\n FORMAT Native", null, (test, answer) -> {
                            List<String> names = answer.rows().stream().map(row -> (String) row.get("name")).toList();
                            assertThat(names).contains("max_execution_time", "readonly", "date_time_input_format")
                                    .doesNotContain("additional_table_filters", "log_comment");
                            assertThat(answer.rows()).allSatisfy(row -> assertThat(row.get("value").toString())
                                    .doesNotContain(test.otherDatabase).doesNotContain("tally-bi-"));
                        }),
                // The probe's own test of the answer: bytes 8 to 16 are 1 column, 1 row, a name of 5 bytes, "check".
                new ToolRequest("clickhouse-connect protocol probe", "driver/client.py _init_common_settings (client_protocol_version)",
                        "SELECT 1 AS check\n FORMAT Native", Map.of("client_protocol_version", "54405"), (test, answer) ->
                        assertThat(Arrays.copyOfRange(answer.body(), 8, 16)).isEqualTo("\u0001\u0001\u0005check".getBytes(StandardCharsets.US_ASCII))),
                new ToolRequest("clickhouse-connect without a protocol revision", "driver/client.py query (protocol_version 0)",
                        "SELECT 1 AS check\n FORMAT Native", null, (test, answer) ->
                        assertThat(answer.rows()).singleElement().satisfies(row -> assertThat(row.get("check")).isEqualTo((short) 1))),
                // cc_sqlalchemy/dialect.py: get_schema_names, get_table_names, has_database, has_table; inspector.py get_columns, get_engine.
                new ToolRequest("SQLAlchemy get_schema_names", "cc_sqlalchemy/dialect.py get_schema_names", "SHOW DATABASES\n FORMAT Native", null,
                        (test, answer) -> assertThat(answer.rows()).extracting(row -> row.get("name")).containsExactly(test.database)),
                new ToolRequest("SQLAlchemy get_table_names", "cc_sqlalchemy/dialect.py get_table_names", "SHOW TABLES FROM `%db%`\n FORMAT Native", null,
                        (test, answer) -> assertThat(answer.rows()).extracting(row -> row.get("name")).containsExactlyInAnyOrderElementsOf(BiViews.VIEWS)),
                new ToolRequest("SQLAlchemy has_database", "cc_sqlalchemy/dialect.py has_database",
                        "SELECT name FROM system.databases WHERE name = '%db%'\n FORMAT Native", null,
                        (test, answer) -> assertThat(answer.rows()).hasSize(1)),
                new ToolRequest("SQLAlchemy has_table", "cc_sqlalchemy/dialect.py has_table", "EXISTS TABLE `%db%`.`events`\n FORMAT Native", null,
                        (test, answer) -> assertThat(answer.rows()).singleElement().satisfies(row -> assertThat(row.get("result")).isEqualTo((short) 1))),
                new ToolRequest("SQLAlchemy get_columns", "cc_sqlalchemy/inspector.py get_columns", "DESCRIBE TABLE `%db%`.`events`\n FORMAT Native", null,
                        (test, answer) -> {
                            assertThat(answer.rows()).extracting(row -> row.get("name")).startsWith("event_id", "event_type", "timestamp")
                                    .contains("country", "visitor_hash").doesNotContain("workspace_id", "ip_hash");
                            assertThat(answer.rows().get(2)).containsEntry("type", "DateTime64(3, 'UTC')").containsKeys("default_type",
                                    "default_expression", "comment", "codec_expression", "ttl_expression");
                        }),
                new ToolRequest("SQLAlchemy get_engine", "cc_sqlalchemy/inspector.py get_engine",
                        "SELECT engine_full FROM system.tables WHERE database = '%db%' and name = 'events'\n FORMAT Native", null,
                        (test, answer) -> assertThat(answer.rows()).singleElement().satisfies(row -> assertThat(row.get("engine_full")).isEqualTo(""))),
                // dbapi/cursor.py execute + driver/query.py columns_only_re: a LIMIT 0 query asks for JSON to learn the columns.
                new ToolRequest("Superset columns of a virtual dataset", "driver/httpclient.py _query_with_context (columns only)",
                        "SELECT * FROM `%db%`.`events` LIMIT 0\n FORMAT JSON", null, (test, answer) ->
                        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("\"meta\"").contains("\"name\": \"country\"")),
                // Superset's time-series chart for db_engine_specs/clickhouse.py (time grain P1D = toStartOfDay(toDateTime({col}))).
                new ToolRequest("Superset clicks per day", "superset db_engine_specs/clickhouse.py _time_grain_expressions P1D",
                        "SELECT toStartOfDay(toDateTime(`timestamp`)) AS `__timestamp`, count(*) AS `count`\nFROM `%db%`.`events`\n"
                                + "WHERE `event_type` = 'click'\nGROUP BY toStartOfDay(toDateTime(`timestamp`))\nORDER BY `count` DESC\nLIMIT 10000\n FORMAT Native",
                        null, (test, answer) -> {
                            Map<LocalDate, Long> perDay = new TreeMap<>();
                            answer.rows().forEach(row -> perDay.put(((java.time.ZonedDateTime) row.get("__timestamp")).toLocalDate(),
                                    ((Number) row.get("count")).longValue()));
                            assertThat(perDay).isNotEmpty().isEqualTo(test.clicksPerDay);
                        }),
                new ToolRequest("Superset top countries", "superset bar chart, row limit 10",
                        "SELECT `country` AS `country`, count(*) AS `count`\nFROM `%db%`.`events`\nWHERE `event_type` = 'click'\n"
                                + "GROUP BY `country`\nORDER BY `count` DESC, `country`\nLIMIT 10\n FORMAT Native", null, (test, answer) -> {
                            Map<String, Long> perCountry = new HashMap<>();
                            answer.rows().forEach(row -> perCountry.put((String) row.get("country"), ((Number) row.get("count")).longValue()));
                            assertThat(perCountry).isEqualTo(top(test.clicksPerCountry, 10));
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("supersetRequests")
    void supersetRequestIsAnswered(ToolRequest request) {
        Map<String, String> parameters = request.parameters() == null ? connectParameters(true) : new LinkedHashMap<>(request.parameters());
        String sql = request.sql().replace("%db%", database).replace("%other%", otherDatabase);
        Answer answer = post(sql, parameters, "clickhouse-connect/0.15.1 (lv:py/3.12.3; mode:sync; os:linux)");
        assertThat(answer.status()).as(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        request.check().accept(this, answer);
    }


    // ---------------------------------------------------------------------------------------------------------
    // Grafana: grafana/clickhouse-datasource 4.20.0 (protocol HTTP), i.e. clickhouse-go 2.47.0 (ClickHouse/clickhouse-go).

    /**
     * conn_http.go dialHttp: {@code database}, then the data source's settings, {@code default_format=Native} and
     * {@code client_protocol_version=54460} on every request; X-ClickHouse-User/-Key; conn_http_query.go: with
     * the data source's HTTP compression (gzip, pkg/plugin/driver.go) {@code Accept-Encoding: gzip}.
     */
    private List<Map<String, Object>> grafana(String sql) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("database", database);
        parameters.put("default_format", "Native");
        parameters.put("client_protocol_version", "54460");
        Answer answer = post(sql, parameters, Map.of("X-ClickHouse-User", "grafana", "X-ClickHouse-Key", owner.apiKey(),
                "User-Agent", "clickhouse-go/2.47.0 (lv:go/1.24.4; os:linux) grafana/12.1.0 grafana-clickhouse-datasource/4.20.0",
                "Accept-Encoding", "gzip"));
        assertThat(answer.status()).as(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(answer.format()).isEqualTo("Native");
        return GoNativeBlocks.decode(answer.body(), 54_460);
    }

    @Test
    void grafanaConnectsBrowsesAndDrawsATimeSeries() {
        // conn_http.go queryHello, decoded at the preflight revision (54460); its revision() is what later answers are decoded at.
        Map<String, Object> hello = grafana("SELECT displayName(), version(), revision(), timezone()").getFirst();
        assertThat(hello).containsEntry("displayName()", "tally").containsEntry("version()", clickHouse.version())
                .containsEntry("timezone()", "UTC").containsEntry("revision()", 54_460L);
        // conn_http.go ping; pkg/plugin/driver.go CheckMinServerVersion.
        assertThat(grafana("SELECT 1")).singleElement().satisfies(row -> assertThat(row).containsEntry("1", 1L));
        assertThat(grafana("SELECT version()").getFirst()).containsEntry("version()", clickHouse.version());
        // src/data/CHDatasource.ts fetchDatabases, fetchTables, fetchColumnsFromTable (DESC TABLE), fetchColumns.
        assertThat(grafana("SHOW DATABASES")).extracting(row -> row.get("name")).containsExactly(database);
        assertThat(grafana("SHOW TABLES FROM \"" + database + "\"")).extracting(row -> row.get("name")).containsExactlyInAnyOrderElementsOf(BiViews.VIEWS);
        assertThat(grafana("DESC TABLE \"" + database + "\".\"events\"")).extracting(row -> row.get("name")).contains("timestamp", "country")
                .doesNotContain("workspace_id");
        assertThat(grafana("SELECT name, type, table FROM system.columns WHERE database IN ('" + database + "') AND table = 'events'"))
                .extracting(row -> row.get("table")).containsOnly("events").hasSizeGreaterThan(20);
        // src/data/sqlGenerator.ts generateAggregateTimeSeriesQuery, expanded by pkg/macros/macros.go ($__timeInterval with
        // a one-day interval, $__timeFilter over the generated events' range).
        long from = clicksPerDay.firstKey().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long to = clicksPerDay.lastKey().plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() - 1;
        Map<LocalDate, Long> perDay = new TreeMap<>();
        grafana("SELECT toStartOfInterval(toDateTime(\"timestamp\"), INTERVAL 86400 second) as time, count(*) as clicks FROM \""
                + database + "\".\"events\" WHERE ( \"timestamp\" >= toDateTime(" + from + ") AND \"timestamp\" <= toDateTime(" + to
                + ") ) AND ( event_type = 'click' ) GROUP BY time ORDER BY time ASC LIMIT 1000").forEach(row ->
                perDay.put(LocalDate.ofInstant(java.time.Instant.ofEpochSecond((Long) row.get("time")), ZoneOffset.UTC), (Long) row.get("clicks")));
        assertThat(perDay).isNotEmpty().isEqualTo(clicksPerDay);
        Map<String, Long> perCountry = new HashMap<>();
        grafana("SELECT country, count(*) as clicks FROM \"" + database + "\".\"events\" WHERE ( event_type = 'click' )"
                + " GROUP BY country ORDER BY clicks DESC, country LIMIT 10").forEach(row -> perCountry.put((String) row.get("country"), (Long) row.get("clicks")));
        assertThat(perCountry).isEqualTo(top(clicksPerCountry, 10));
    }

    @ParameterizedTest
    @MethodSource("foreignMetadataStatements")
    void metadataOfAnotherDatabaseIsRefused(String sql) {
        Answer answer = post(sql.replace("%other%", otherDatabase) + "\n FORMAT Native", connectParameters(true), "clickhouse-connect/0.15.1");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).startsWith("Code: 497. DB::Exception: ").doesNotContain("events\n");
    }

    static Stream<String> foreignMetadataStatements() {
        return Stream.of("SHOW TABLES FROM `%other%`", "SHOW TABLES FROM \"tally\"", "DESCRIBE TABLE `tally`.`events`",
                "DESC TABLE \"%other%\".\"events\"", "EXISTS TABLE tally.api_keys", "SHOW TABLES FROM system");
    }

    @Test
    void anotherWorkspacesDatabaseIsRefusedAsTheDatabaseParameter() {
        Map<String, String> parameters = connectParameters(false);
        parameters.put("database", otherDatabase);
        Answer answer = post("SHOW TABLES\n FORMAT Native", parameters, "clickhouse-connect/0.15.1");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).startsWith("Code: 497. DB::Exception: ");
    }

    private Answer post(String sql, Map<String, String> parameters, String userAgent) {
        return post(sql, parameters, Map.of(
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(("superset:" + owner.apiKey()).getBytes(StandardCharsets.UTF_8)),
                "User-Agent", userAgent,
                "Accept-Encoding", "lz4,zstd,br,gzip,deflate",
                "Content-Type", "text/plain; charset=utf-8"));
    }

    private Answer post(String sql, Map<String, String> parameters, Map<String, String> headers) {
        String query = parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + listener.port() + "/" + (query.isEmpty() ? "" : "?" + query)));
        headers.forEach(builder::header);
        HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            String format = response.headers().firstValue("X-ClickHouse-Format").orElse("");
            boolean plainNative = format.equals("Native") && !parameters.containsKey("client_protocol_version");
            List<Map<String, Object>> rows = response.statusCode() == 200 && plainNative ? native_(response.body()) : List.of();
            return new Answer(response.statusCode(), format, response.body(), rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Native decoded by the official Java client's reader; its 0.9.9 reader does not know LowCardinality
     * columns (which Native keeps, as on ClickHouse), so answers holding one are read as clickhouse-go reads them.
     */
    private static List<Map<String, Object>> native_(byte[] body) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (body.length == 0) {
            return rows;
        }
        if (new String(body, StandardCharsets.ISO_8859_1).contains("LowCardinality(")) {
            return GoNativeBlocks.decode(body, 0);
        }
        QuerySettings settings = new QuerySettings();
        settings.setOption("use_server_time_zone", true);
        settings.setOption("server_time_zone", java.util.TimeZone.getTimeZone("UTC"));
        NativeFormatReader reader = new NativeFormatReader(new ByteArrayInputStream(body), settings,
                new com.clickhouse.client.api.data_formats.internal.BinaryStreamReader.DefaultByteBufferAllocator());
        while (reader.hasNext()) {
            rows.add(new LinkedHashMap<>(reader.next()));
        }
        return rows;
    }

    private static Map<String, Long> top(Map<String, Long> counts, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static String scalar(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static List<String> column(ResultSet rows, int index) throws SQLException {
        List<String> values = new ArrayList<>();
        try (rows) {
            while (rows.next()) {
                values.add(rows.getString(index));
            }
        }
        return values;
    }
}
