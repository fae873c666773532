package dev.tally.sql;

/** The trivial statement {@code /health} runs to prove the engine answers. */
public final class ProbeSql {
    public static final Sql ALIVE = Sql.of("SELECT 1 AS ok");

    private ProbeSql() {
    }
}
