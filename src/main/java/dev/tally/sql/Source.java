package dev.tally.sql;

/**
 * The table a query reads, smallest first: the planner takes the first one whose rollup answers exactly.
 * Table names are constants here and in {@code clickhouse/migrations/003x_rollup_*.sql}.
 */
public enum Source {
    WORKSPACE_HOURLY("rollup_workspace_hourly"),
    DIMENSION_HOURLY("rollup_dimension_hourly"),
    LINK_HOURLY("rollup_link_hourly"),
    RAW_EVENTS("events");

    private final String table;

    Source(String table) {
        this.table = table;
    }

    public String table() {
        return table;
    }

    public boolean isRollup() {
        return this != RAW_EVENTS;
    }

    /** How a response says it was answered: {@code rollup} or {@code raw}. */
    public String kind() {
        return isRollup() ? "rollup" : "raw";
    }
}
