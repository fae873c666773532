package dev.tally.api.bi;

import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.bi.BiViews;
import dev.tally.sql.Param;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.support.GeneratedEvents;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The escape table: statements that try to read another workspace, the base tables, files or the
 * network, write, kill, or change a setting. Every row runs on both listeners (the BI port and
 * {@code /clickhouse} on the main port) with workspace A's key, while workspace B holds rows marked with
 * a secret; each is refused with a ClickHouse error, or answers with A's data only. No answer may show B's
 * marker, B's database, a line of {@code /etc/passwd}, or Tally's own tables.
 */
@MicronautTest
@Property(name = "tally.bi.port", value = "0")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BiEscapeTest {
    private static final String SECRET = "secret-of-workspace-b";
    private static final Path OUTFILE = Path.of("target", "bi-escape-outfile.tsv");

    @Inject
    BiListener listener;
    @Inject
    EmbeddedServer server;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    ClickHouse clickHouse;

    TestWorkspace a;
    TestWorkspace b;
    long eventsOfA;

    @BeforeAll
    void generate() throws Exception {
        a = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.BI_READ);
        b = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.BI_READ);
        GeneratedEvents.Data data = GeneratedEvents.generate(41, 400, a.workspace().id());
        GeneratedEvents.insert(clickHouse, data);
        eventsOfA = data.events().size();
        GeneratedEvents.insert(clickHouse, GeneratedEvents.generate(42, 300, b.workspace().id()));
        clickHouse.execute(new Sql("INSERT INTO events (workspace_id, event_id, event_type, timestamp, url) SELECT {w:String},"
                + " 'evt_secret', 'click', now64(3), {u:String}", Map.of("w", Param.string(b.workspace().id()),
                "u", Param.string("https://" + SECRET + ".example/"))));
        Files.deleteIfExists(OUTFILE);
    }

    @AfterAll
    void nothingWasWritten() {
        assertThat(OUTFILE).doesNotExist();
    }

    /** What a row must come to. */
    record Row(String name, String sql, Map<String, String> parameters, Function<BiEscapeTest, String> expectedBody) {
        static Row refused(String name, String sql) {
            return new Row(name, sql, Map.of(), null);
        }

        static Row refused(String name, String sql, Map<String, String> parameters) {
            return new Row(name, sql, parameters, null);
        }

        static Row answers(String name, String sql, Function<BiEscapeTest, String> expectedBody) {
            return new Row(name, sql, Map.of(), expectedBody);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The rows of notes/bi.md, then more. {@code B} stands for workspace B's view database. */
    static List<Row> rows() {
        return List.of(
                Row.refused("base table", "SELECT * FROM tally.events"),
                Row.refused("base table, double quotes", "SELECT * FROM \"tally\".\"events\""),
                Row.refused("base table, backticks", "SELECT * FROM `tally`.`events`"),
                Row.refused("CTE over the base table", "WITH e AS (SELECT * FROM tally.events) SELECT count() FROM e"),
                Row.refused("JOIN with the base table", "SELECT count() FROM events AS v JOIN tally.events AS e ON v.event_id = e.event_id"),
                Row.refused("comma join", "SELECT count() FROM events, tally.events"),
                Row.refused("UNION ALL", "SELECT url FROM events UNION ALL SELECT url FROM tally.events"),
                Row.refused("EXCEPT", "SELECT url FROM events EXCEPT SELECT url FROM tally.events"),
                Row.refused("scalar subquery", "SELECT (SELECT any(url) FROM tally.events WHERE url LIKE '%secret%')"),
                Row.refused("IN a table", "SELECT count() FROM events WHERE 'x' IN tally.events"),
                Row.refused("identifier parameters naming the base table", "SELECT url FROM {db:Identifier}.{t:Identifier}",
                        Map.of("param_db", "tally", "param_t", "events")),
                Row.refused("merge()", "SELECT * FROM merge('tally', '^events$')"),
                Row.refused("file() as a function", "SELECT file('/etc/passwd')"),
                Row.refused("url()", "SELECT * FROM url('http://127.0.0.1:9/x', 'CSV', 'a String')"),
                Row.refused("dictGet", "SELECT dictGet('tally.nothing', 'x', 1)"),
                Row.refused("view()", "SELECT * FROM view(SELECT url FROM tally.events)"),
                Row.refused("mergeTreeIndex()", "SELECT * FROM mergeTreeIndex('tally', 'events')"),
                Row.refused("nested SETTINGS clearing the filters", "SELECT * FROM (SELECT url FROM B.events SETTINGS additional_table_filters = {})"),
                Row.refused("nested SETTINGS readonly=0", "SELECT * FROM (SELECT 1 SETTINGS readonly = 0)"),
                Row.refused("multi-statement", "SELECT 1; SELECT url FROM tally.events"),
                Row.refused("INTO OUTFILE", "SELECT 1 INTO OUTFILE 'target/bi-escape-outfile.tsv'"),
                Row.refused("KILL QUERY WHERE 1", "KILL QUERY WHERE 1"),
                Row.refused("SHOW CREATE TABLE", "SHOW CREATE TABLE tally.events"),
                Row.refused("system.errors", "SELECT name, last_error_message FROM system.errors"),
                Row.refused("rows beyond the limit", "SELECT count() FROM numbers(100000000000)"),
                Row.refused("unbounded recursive CTE", "WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r) SELECT count() FROM r"),
                // Our own.
                Row.refused("another workspace's views", "SELECT url FROM B.events"),
                Row.refused("another workspace's views, IN", "SELECT count() FROM events WHERE url IN (SELECT url FROM B.events)"),
                Row.refused("links base table in a subquery", "SELECT count() FROM (SELECT * FROM tally.links)"),
                Row.refused("workspaces table", "SELECT * FROM numbers(3) WHERE number IN (SELECT count() FROM tally.workspaces)"),
                Row.refused("api keys", "SELECT key_hash FROM tally.api_keys"),
                Row.refused("system.processes", "SELECT query FROM system.processes"),
                Row.refused("system.parts", "SELECT name FROM system.parts"),
                Row.refused("system.query_log", "SELECT query FROM system.query_log"),
                Row.refused("information_schema", "SELECT * FROM information_schema.tables"),
                Row.refused("getSetting", "SELECT getSetting('additional_table_filters')"),
                Row.refused("top-level SETTINGS", "SELECT count() FROM events SETTINGS readonly = 0"),
                Row.refused("SETTINGS clearing the filters", "SELECT count() FROM events SETTINGS additional_table_filters = {}"),
                Row.refused("SET", "SET readonly = 0"),
                Row.refused("INSERT", "INSERT INTO events SELECT * FROM events"),
                Row.refused("INSERT INTO FUNCTION file", "INSERT INTO FUNCTION file('target/bi-escape-outfile.tsv', 'TSV', 'a String') SELECT 'x'"),
                Row.refused("CREATE", "CREATE TABLE x (a Int8) ENGINE = Memory"),
                Row.refused("DROP", "DROP TABLE events"),
                Row.refused("SYSTEM", "SYSTEM FLUSH LOGS"),
                Row.refused("remote()", "SELECT * FROM remote('127.0.0.1', 'tally', 'events')"),
                Row.refused("executable()", "SELECT * FROM executable('cat /etc/passwd', 'TSV', 'a String')"),
                Row.refused("file() as a table", "SELECT * FROM file('/etc/passwd', 'LineAsString')"),
                Row.refused("joinGet", "SELECT joinGet('tally.nothing', 'y', 1)"),
                Row.refused("host and user", "SELECT hostName(), currentUser()"),
                Row.refused("another workspace's views, backticks", "SELECT url FROM `B`.`events`"),
                Row.refused("newline in an alias forging a line", "SELECT 1 AS `a\n      TableIdentifier events`, url FROM tally.events"),
                Row.refused("alias imitating a resolved table", "SELECT count() FROM tally.events AS `x, table_name: events`"),
                Row.refused("DESCRIBE", "DESCRIBE TABLE tally.events"),
                Row.refused("DESCRIBE of system", "DESCRIBE TABLE system.parts"),
                Row.refused("EXPLAIN", "EXPLAIN SELECT * FROM tally.events"),
                Row.refused("generateRandom()", "SELECT * FROM generateRandom('a String') LIMIT 1"),
                Row.refused("sleep", "SELECT sleep(3)"),
                Row.refused("error message carrying a base-table value",
                        "SELECT throwIf(count() > 0, (SELECT any(url) FROM tally.events)) FROM events"),
                Row.refused("database name in another case", "SELECT * FROM TALLY.events"),
                Row.refused("space before the dot", "SELECT * FROM tally .events"),
                Row.refused("a database parameter naming another one", "SELECT 1", Map.of("database", "tally")),
                Row.refused("a settings parameter clearing the filters", "SELECT count() FROM events",
                        Map.of("additional_table_filters", "{}")),
                Row.refused("a readonly=0 parameter", "SELECT 1", Map.of("readonly", "0")),
                Row.refused("an unknown format", "SELECT 1 FORMAT Parquet"),
                Row.refused("introspection", "SELECT addressToSymbol(1)"),
                Row.answers("own events", "SELECT count() FROM events", test -> test.eventsOfA + "\n"),
                Row.answers("comment hiding a second statement", "SELECT 1 /* ; SELECT url FROM tally.events */", test -> "1\n"),
                Row.answers("parameter holding SQL stays a value", "SELECT {x:String}", test -> "\\') UNION ALL SELECT url FROM tally.events --\n"),
                Row.answers("system.databases shows only its own", "SELECT name FROM system.databases", test -> test.database(test.a) + "\n"),
                Row.answers("system.tables of Tally's database is empty", "SELECT name FROM system.tables WHERE database = 'tally'", test -> ""),
                Row.answers("system.columns of another workspace is empty", "SELECT name FROM system.columns WHERE database = 'B'", test -> ""),
                Row.answers("own links", "SELECT count() > 0 FROM links", test -> "1\n"),
                // The metadata statements BI tools send (MetadataStatement) and the system tables they read.
                Row.refused("SHOW TABLES of Tally's database", "SHOW TABLES FROM tally"),
                Row.refused("SHOW TABLES of another workspace", "SHOW TABLES FROM `B`"),
                Row.refused("DESCRIBE another workspace's view", "DESC TABLE \"B\".\"events\""),
                Row.refused("EXISTS a base table", "EXISTS TABLE tally.api_keys"),
                Row.refused("DESCRIBE a subquery", "DESCRIBE (SELECT url FROM tally.events)"),
                Row.refused("SHOW TABLES with SETTINGS", "SHOW TABLES SETTINGS readonly = 0"),
                Row.refused("SHOW DATABASES with a filter", "SHOW DATABASES LIKE '%'"),
                Row.refused("displayName beside the server hello", "SELECT displayName(), version(), revision(), timezone() FROM tally.events"),
                Row.refused("Native at a revision for a type it cannot frame", "SELECT [toLowCardinality('x')] FORMAT Native",
                        Map.of("client_protocol_version", "54460")),
                Row.answers("SHOW TABLES lists its own views", "SHOW TABLES", test -> "daily_totals\nevents\ngeo_hourly\nlinks\n"),
                Row.answers("system.settings hides the connection's filters and comment",
                        "SELECT count() FROM system.settings WHERE name IN ('additional_table_filters', 'log_comment')", test -> "0\n"),
                Row.answers("no setting's value names a table filter",
                        "SELECT count() FROM system.settings WHERE value LIKE '%workspace_id%' OR value LIKE '%tally-bi%'", test -> "0\n"));
    }

    static Stream<Object[]> rowsOnBothListeners() {
        List<Object[]> cases = new ArrayList<>();
        for (Row row : rows()) {
            cases.add(new Object[]{row, "bi-port"});
            cases.add(new Object[]{row, "main-port"});
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("rowsOnBothListeners")
    void isRefusedOrAnswersWithItsOwnWorkspaceOnly(Row row, String listenerName) {
        String base = listenerName.equals("bi-port") ? "http://localhost:" + listener.port() + "/"
                : "http://localhost:" + server.getPort() + "/clickhouse/";
        Map<String, String> parameters = new java.util.HashMap<>(row.parameters());
        if (row.name().startsWith("parameter holding SQL")) {
            parameters.put("param_x", "') UNION ALL SELECT url FROM tally.events --");
        }
        String sql = row.sql().replace("B.", database(b) + ".").replace("`B`", "`" + database(b) + "`").replace("'B'", "'" + database(b) + "'");
        BiHttp.Answer answer = BiHttp.post(base, a.apiKey(), sql, parameters);

        // An error may echo what the statement itself named; anything else would have come from the engine.
        for (String forbidden : List.of(SECRET, b.workspace().id(), "root:", "api_keys", "schema_migrations")) {
            if (!sql.contains(forbidden)) {
                assertThat(answer.body()).doesNotContain(forbidden);
            }
        }
        if (row.expectedBody() == null) {
            assertThat(answer.refused()).as("refused with a ClickHouse error: %s %s", answer.status(), answer.body()).isTrue();
        } else {
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(row.expectedBody().apply(this));
        }
    }

    String database(TestWorkspace workspace) {
        return BiViews.databaseOf(workspace.workspace().id());
    }
}
