package dev.tally.api.bi;

import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.bi.BiEngine;
import dev.tally.bi.BiViews;
import dev.tally.store.ClickHouse;
import dev.tally.support.GeneratedEvents;
import dev.tally.support.HttpAnswer;
import dev.tally.support.Poll;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The official ClickHouse JDBC driver, unmodified, against Tally's BI endpoint on the embedded engine.
 * Surefire runs this class twice: with the driver of the test class path (0.9.9) and, in the execution
 * {@code bi-driver-0.10}, with 0.10.0 in its place ({@code bi.driver.version} names the one expected).
 */
@MicronautTest
@Property(name = "tally.bi.port", value = "0")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BiDriverTest {
    private static final String START = "2026-03-01 00:00:00";
    private static final String END = "2026-04-10 00:00:00";
    /** Minutes of hashing on two cores, yet under the row limit: only a timeout or a cancel stops it. */
    static final String RUNAWAY = "SELECT max(SHA256(toString(number))) FROM numbers(1900000000)";

    @Inject
    BiListener listener;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    ClickHouse clickHouse;
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    JsonMapper json;
    @Inject
    BiEngine engine;
    @Inject
    EmbeddedServer server;

    TestWorkspace owner;
    TestWorkspace other;

    @BeforeAll
    void generate() {
        owner = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.BI_READ, Scope.ANALYTICS_READ);
        other = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.BI_READ);
        GeneratedEvents.insert(clickHouse, GeneratedEvents.generate(31, 3_000, owner.workspace().id()));
        GeneratedEvents.insert(clickHouse, GeneratedEvents.generate(32, 2_000, other.workspace().id()));
    }

    private Connection connect(TestWorkspace as) throws SQLException {
        return connect(as, new Properties());
    }

    private Connection connect(TestWorkspace as, Properties properties) throws SQLException {
        properties.setProperty("user", "metabase");
        properties.setProperty("password", as.apiKey());
        return DriverManager.getConnection("jdbc:clickhouse://localhost:" + listener.port() + "/" + BiViews.databaseOf(as.workspace().id()),
                properties);
    }

    @Test
    void connectsWithTheExpectedDriverAndIsValid() throws SQLException {
        try (Connection connection = connect(owner)) {
            assertThat(connection.isValid(5)).isTrue();
            assertThat(connection.getMetaData().getDriverVersion()).startsWith(System.getProperty("bi.driver.version", "0.9.9"));
            assertThat(connection.getMetaData().getDatabaseProductVersion()).isEqualTo(clickHouse.version());
        }
    }

    @Test
    void connectsUnderClickhouseOnTheMainPort() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "dbeaver");
        properties.setProperty("password", owner.apiKey());
        String database = BiViews.databaseOf(owner.workspace().id());
        try (Connection connection = DriverManager.getConnection("jdbc:clickhouse://localhost:" + server.getPort() + "/clickhouse/" + database,
                properties); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT currentDatabase(), count() FROM events")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo(database);
            assertThat(rows.getLong(2)).isEqualTo(3_000);
        }
    }

    @Test
    void metadataShowsOnlyTheWorkspacesViews() throws SQLException {
        String database = BiViews.databaseOf(owner.workspace().id());
        try (Connection connection = connect(owner)) {
            DatabaseMetaData metadata = connection.getMetaData();
            assertThat(column(metadata.getSchemas(), 1)).containsExactly(database);
            assertThat(column(metadata.getCatalogs(), 1)).isSubsetOf(database);
            List<String> schemas = new ArrayList<>();
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = metadata.getTables(null, null, "%", null)) {
                while (rows.next()) {
                    schemas.add(rows.getString("TABLE_SCHEM"));
                    tables.add(rows.getString("TABLE_NAME"));
                }
            }
            assertThat(schemas).containsOnly(database);
            assertThat(tables).containsExactlyInAnyOrderElementsOf(BiViews.VIEWS);
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = metadata.getColumns(null, null, "events", "%")) {
                while (rows.next()) {
                    columns.add(rows.getString("COLUMN_NAME"));
                }
            }
            assertThat(columns).contains("event_id", "timestamp", "country", "amount", "visitor_hash").doesNotContain("workspace_id", "ip_hash");
        }
    }

    @Test
    void preparedStatementAnswersEqualTheNativeApi() throws Exception {
        HttpAnswer count = HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics?groupBy=count&event=composite&timezone=UTC"
                + "&start=2026-03-01T00:00:00Z&end=2026-04-10T00:00:00Z").bearerAuth(owner.apiKey()));
        HttpAnswer countries = HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics?groupBy=countries&event=clicks&timezone=UTC"
                + "&start=2026-03-01T00:00:00Z&end=2026-04-10T00:00:00Z").bearerAuth(owner.apiKey()));
        assertThat(count.status()).isEqualTo(200);
        try (Connection connection = connect(owner);
             PreparedStatement totals = connection.prepareStatement("SELECT countIf(event_type = 'click') AS clicks,"
                     + " countIf(event_type = 'lead') AS leads, countIf(event_type = ?) AS sales, sumIf(amount, event_type = 'sale') AS sale_amount"
                     + " FROM events WHERE NOT bot AND timestamp >= ? AND timestamp < ?");
             PreparedStatement byCountry = connection.prepareStatement("SELECT country, count() AS clicks FROM events"
                     + " WHERE NOT bot AND event_type = 'click' AND timestamp >= ? AND timestamp < ? GROUP BY country")) {
            totals.setString(1, "sale");
            totals.setString(2, START);
            totals.setString(3, END);
            try (ResultSet rows = totals.executeQuery()) {
                assertThat(rows.next()).isTrue();
                Map<String, Object> expected = count.json();
                assertThat(rows.getLong("clicks")).isEqualTo(((Number) expected.get("clicks")).longValue()).isPositive();
                assertThat(rows.getLong("leads")).isEqualTo(((Number) expected.get("leads")).longValue());
                assertThat(rows.getLong("sales")).isEqualTo(((Number) expected.get("sales")).longValue());
                assertThat(rows.getLong("sale_amount")).isEqualTo(((Number) expected.get("saleAmount")).longValue());
            }
            byCountry.setString(1, START);
            byCountry.setString(2, END);
            Map<String, Long> viaBi = new HashMap<>();
            try (ResultSet rows = byCountry.executeQuery()) {
                while (rows.next()) {
                    viaBi.put(rows.getString("country"), rows.getLong("clicks"));
                }
            }
            Map<String, Long> viaApi = new HashMap<>();
            for (Map<?, ?> values : json.readValue(countries.body(), Argument.listOf(Map.class))) {
                viaApi.put((String) values.get("country"), ((Number) values.get("clicks")).longValue());
            }
            assertThat(viaBi).isNotEmpty().isEqualTo(viaApi);
        }
    }

    @Test
    void aMillionRowsStreamWithBoundedHeap() throws SQLException {
        long baseline = liveHeap();
        long peak = 0;
        long rows = 0;
        long sum = 0;
        try (Connection connection = connect(owner); Statement statement = connection.createStatement();
             // ~200 MB of result: far more than the heap growth allowed below, so neither side can hold it.
             ResultSet result = statement.executeQuery("SELECT number, repeat('x', 200) AS padding FROM numbers(1000000)")) {
            while (result.next()) {
                sum += result.getLong(1);
                rows++;
                if (rows % 250_000 == 0) {
                    peak = Math.max(peak, liveHeap() - baseline);
                }
            }
        }
        assertThat(rows).isEqualTo(1_000_000);
        assertThat(sum).isEqualTo(999_999L * 1_000_000 / 2);
        assertThat(peak).isLessThan(64L << 20);
    }

    /**
     * Tricky: 0.9 sends {@code setQueryTimeout} as {@code max_execution_time}; 0.10 only stops waiting on
     * its side (the statement would run on to the endpoint's ceiling, and the driver retries code 159), so
     * there the same limit goes as a server setting of the connection, the way BI tools send theirs.
     */
    @Test
    void queryTimeoutStopsARunawayQueryWithAClickHouseError() throws SQLException {
        Properties properties = new Properties();
        if (!System.getProperty("bi.driver.version", "0.9.9").startsWith("0.9.")) {
            properties.setProperty("clickhouse_setting_max_execution_time", "1");
        }
        try (Connection connection = connect(owner, properties); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            long started = System.nanoTime();
            assertThatThrownBy(() -> statement.executeQuery(RUNAWAY))
                    .isInstanceOf(SQLException.class).hasStackTraceContaining("Code: 159").hasStackTraceContaining("TIMEOUT_EXCEEDED");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @Test
    void cancelStopsOnlyTheKeysOwnQuery() throws Exception {
        try (Connection mine = connect(owner); Connection theirs = connect(other);
             Statement slow = mine.createStatement(); Statement unrelated = theirs.createStatement()) {
            ExecutorService threads = Executors.newFixedThreadPool(2);
            CompletableFuture<Object> cancelled = CompletableFuture.supplyAsync(() -> scalar(slow, RUNAWAY), threads);
            Poll.until(Duration.ofSeconds(10), () -> engine.running(owner.keyId()), running -> running == 1);
            CompletableFuture<Object> theirsRuns = CompletableFuture.supplyAsync(() -> scalar(unrelated,
                    "SELECT count() FROM numbers(2000000) WHERE SHA256(toString(number)) != ''"), threads);
            Poll.until(Duration.ofSeconds(10), () -> engine.running(other.keyId()), running -> running == 1);
            threads.shutdown();
            long started = System.nanoTime();
            slow.cancel();
            // Far sooner than the statement alone (minutes) or the endpoint's ceiling (60 s), even on a loaded machine.
            assertThat(cancelled).failsWithin(30, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            // The other key's statement, running at the same time, finishes with its answer.
            assertThat(((Number) theirsRuns.get(60, TimeUnit.SECONDS)).longValue()).isEqualTo(2_000_000L);
        }
    }

    private static Object scalar(Statement statement, String sql) {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getObject(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> column(ResultSet rows, int index) throws SQLException {
        Set<String> values = new HashSet<>();
        try (rows) {
            while (rows.next()) {
                values.add(rows.getString(index));
            }
        }
        return List.copyOf(values);
    }

    private static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
