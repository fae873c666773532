package dev.tally.bi;

import dev.tally.sql.BiSql;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.EmbeddedClickHouse;
import dev.tally.store.RestrictedConnection;
import dev.tally.store.Row;
import dev.tally.store.StoreConfiguration;
import dev.tally.store.StoreException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Runs BI statements on the embedded engine, each on a fresh connection of its own that is read-only,
 * bounded and filtered from its first statement on: {@code USE} the key's view database, the
 * {@link StatementGuard}, then the statement, streamed.
 */
@Singleton
public final class BiEngine {
    private static final String COMMENT_PREFIX = "tally-bi-";
    private final ClickHouse clickHouse;
    private final String tallyDatabase;
    private final StatementGuard guard;
    private final BiViews views;
    private final RunningQueries running = new RunningQueries();
    private volatile Set<String> tallyTables;

    BiEngine(ClickHouse clickHouse, StoreConfiguration store, BiViews views) {
        this.clickHouse = clickHouse;
        this.tallyDatabase = store.database();
        this.guard = new StatementGuard(FunctionCatalog.bundled());
        this.views = views;
    }

    /** Whether this engine can run BI statements (the embedded engine; server mode is not built yet). */
    public boolean available() {
        return clickHouse instanceof EmbeddedClickHouse;
    }

    /**
     * Runs {@code statement} and writes its output to {@code out}, which it closes once the whole output is
     * written (and leaves open on a failure). Call on a platform
     * thread. Throws {@link BiRefusal} or {@link StoreException} before anything is written when the
     * statement is refused or fails at once.
     */
    public void run(BiStatement statement, OutputStream out) {
        String database = views.ensure(statement.workspace().id());
        String comment = COMMENT_PREFIX + UUID.randomUUID();
        if (!running.start(statement.keyId(), statement.queryId(), comment)) {
            throw new BiRefusal(BiError.BAD_ARGUMENTS, "query with id = " + statement.queryId() + " is already running");
        }
        try (RestrictedConnection connection = open(statement, database, comment)) {
            connection.query(BiSql.use(database), "TSV", Map.of());
            guard.check(connection, statement.text(), statement.parameters(),
                    new TableAccess(database, BiViews.VIEWS, tallyDatabase));
            if (running.cancelled(statement.keyId(), statement.queryId())) {
                throw new BiRefusal(BiError.QUERY_WAS_CANCELLED, "Query was cancelled");
            }
            write(connection, statement, out);
        } finally {
            running.finish(statement.keyId(), statement.queryId());
        }
    }

    /**
     * A driver's {@code cancel()}: stops the key's own statement with that query id, if it runs; never
     * another key's. Returns whether one was running.
     */
    public boolean cancel(String keyId, String queryId) {
        return running.cancel(keyId, queryId).map(comment -> {
            clickHouse.execute(BiSql.killByComment(comment));
            running.repeatWhileRunning(keyId, comment, () -> clickHouse.execute(BiSql.killByComment(comment)));
            return true;
        }).orElse(false);
    }

    /** Cancels every BI statement still running: at shutdown, so none outlives the engine. */
    public void cancelAll() {
        clickHouse.execute(BiSql.killAll(COMMENT_PREFIX));
    }

    /** Statements the key runs now. */
    public int running(String keyId) {
        return running.running(keyId);
    }

    /** Writes a statement Tally wrote itself (the answer to a KILL QUERY) on a restricted connection. */
    public void runTrusted(Sql sql, BiStatement statement, OutputStream out) {
        try (RestrictedConnection connection = open(statement, views.ensure(statement.workspace().id()), "tally-bi-internal")) {
            out.write(connection.query(sql.text(), statement.format().clickHouseName(), textParams(sql)));
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(RestrictedConnection connection, BiStatement statement, OutputStream out) {
        BiFormat format = statement.format();
        // Tricky: closed only after success. Closing ends the result, so closing on a failure would hand the
        // client a short, well-formed answer instead of the error.
        try {
            switch (format.mode()) {
                case WHOLE -> out.write(connection.query(statement.text(), format.clickHouseName(), statement.parameters()));
                case ROWS -> connection.stream(statement.text(), format.rowsFormat(), statement.parameters(), out);
                case HEADER_THEN_ROWS -> {
                    out.write(connection.query(BiSql.header(statement.text()), format.clickHouseName(), statement.parameters()));
                    connection.stream(statement.text(), format.rowsFormat(), statement.parameters(), out);
                }
            }
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RestrictedConnection open(BiStatement statement, String database, String comment) {
        List<String> arguments = new ArrayList<>();
        arguments.add("--readonly=1");
        arguments.add("--allow_introspection_functions=0");
        arguments.add("--allow_ddl=0");
        arguments.add("--max_recursive_cte_evaluation_depth=100");
        arguments.add("--log_comment=" + comment);
        arguments.add(TableFilters.argument(tallyDatabase, statement.workspace().id(), database, tallyTables()));
        arguments.addAll(statement.settings().arguments());
        return ((EmbeddedClickHouse) clickHouse).openRestricted(arguments);
    }

    private Set<String> tallyTables() {
        Set<String> tables = tallyTables;
        if (tables == null) {
            tables = new HashSet<>(TableFilters.TALLY_TABLES.keySet());
            for (Row row : clickHouse.query(BiSql.tablesOf(tallyDatabase)).rows()) {
                tables.add(row.string("name"));
            }
            tallyTables = Set.copyOf(tables);
        }
        return tables;
    }

    private static Map<String, String> textParams(Sql sql) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        sql.params().forEach((name, param) -> params.put(name, param.text()));
        return params;
    }
}
