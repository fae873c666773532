package dev.tally.sql;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a query will be answered: the table, the statement, and why each smaller rollup was passed over
 * (kept for the response headers, logs and the planner test).
 */
public record Plan(Source source, Sql sql, Map<Source, Set<Refusal>> refusals) {
    public Plan {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sql, "sql");
        refusals = Map.copyOf(refusals);
    }
}
