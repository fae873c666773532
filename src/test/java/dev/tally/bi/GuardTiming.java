package dev.tally.bi;

import dev.tally.sql.BiSql;
import dev.tally.store.EmbeddedClickHouse;
import dev.tally.store.RestrictedConnection;

import java.util.List;
import java.util.Map;

/** For the benchmark: the BI guard's steps alone, timed from outside the package they live in. */
public final class GuardTiming {
    private GuardTiming() {
    }

    /** One fresh restricted connection with the workspace's filters, {@code USE} of its views, and closed again. */
    public static void connectOnly(EmbeddedClickHouse engine, String tallyDatabase, String workspaceId) {
        try (RestrictedConnection connection = open(engine, tallyDatabase, workspaceId)) {
            connection.query(BiSql.use(BiViews.databaseOf(workspaceId)), "TSV", Map.of());
        }
    }

    /** The same, then the three guard steps on {@code sql} (classify, EXPLAIN AST, EXPLAIN QUERY TREE), without running it. */
    public static void connectAndGuard(EmbeddedClickHouse engine, String tallyDatabase, String workspaceId, String sql) {
        String database = BiViews.databaseOf(workspaceId);
        try (RestrictedConnection connection = open(engine, tallyDatabase, workspaceId)) {
            connection.query(BiSql.use(database), "TSV", Map.of());
            new StatementGuard(FunctionCatalog.bundled()).check(connection, sql, Map.of(),
                    new TableAccess(database, BiViews.VIEWS, tallyDatabase));
        }
    }

    private static RestrictedConnection open(EmbeddedClickHouse engine, String tallyDatabase, String workspaceId) {
        return engine.openRestricted(List.of("--readonly=1", TableFilters.argument(tallyDatabase, workspaceId,
                BiViews.databaseOf(workspaceId), TableFilters.TALLY_TABLES.keySet())));
    }
}
