package dev.tally.bi;

import dev.tally.sql.BiSql;
import dev.tally.store.RestrictedConnection;
import dev.tally.store.StatementAnalysis;
import dev.tally.store.StatementClass;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Decides whether a BI statement may run, failing closed, in three steps on a connection that is already
 * read-only and filtered: (1) the engine's classifier says exactly one read-only statement; (2) its
 * syntax tree ({@code EXPLAIN AST}, parse only) holds only allowed node types, tables and functions and
 * no SETTINGS, FORMAT or INTO OUTFILE ({@link AstCheck}); (3) its resolved tree ({@code EXPLAIN QUERY
 * TREE}) reads only allowed tables and calls only allowed functions ({@link QueryTreeCheck}).
 */
public final class StatementGuard {
    private final FunctionCatalog functions;

    public StatementGuard(FunctionCatalog functions) {
        this.functions = functions;
    }

    /** Throws {@link BiRefusal} unless {@code text} may run with {@code parameters} for {@code tables}. */
    void check(RestrictedConnection connection, String text, Map<String, String> parameters, TableAccess tables) {
        StatementAnalysis analysis = connection.analyse(text);
        if (analysis.statementCount() != 1) {
            throw BiRefusal.denied(analysis.statementCount() == 0 ? "the statement did not parse"
                    : "send one statement per request, not " + analysis.statementCount());
        }
        if (analysis.statementClass() != StatementClass.READ_ONLY) {
            throw BiRefusal.denied("only SELECT statements are allowed (this one is " + analysis.statementClass() + ")");
        }
        new AstCheck(functions, tables).check(explain(connection, BiSql.explainAst(text), parameters));
        new QueryTreeCheck(functions, tables).check(explain(connection, BiSql.explainQueryTree(text), parameters));
    }

    /**
     * The guard on a ClickHouse server: steps (2) and (3) on {@code explain}, which runs an {@code EXPLAIN}
     * on the server as the workspace's own read-only user. Step (1) is the server's: its HTTP interface runs
     * one statement per request and refuses several, and a syntax tree whose root is not a SELECT is refused.
     */
    void checkOnServer(java.util.function.Function<String, String> explain, String text, TableAccess tables) {
        new AstCheck(functions, tables).check(explain.apply(BiSql.explainAst(text)));
        new QueryTreeCheck(functions, tables).check(explain.apply(BiSql.explainQueryTree(text)));
    }

    private static String explain(RestrictedConnection connection, String text, Map<String, String> parameters) {
        // An engine error here (a syntax error, an unknown column) reaches the client as ClickHouse's own.
        return new String(connection.query(text, "TSVRaw", parameters), StandardCharsets.UTF_8);
    }
}
