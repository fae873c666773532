package dev.tally.sql;

/**
 * The table a query reads, smallest first (by rows on the benchmark data, BENCHMARKS.md): the planner
 * takes the first one that answers exactly. Table names are constants here and in
 * {@code clickhouse/migrations/003x_rollup_*.sql}.
 */
public enum Source {
    /** Totals per hour, with a unique-visitor state. */
    WORKSPACE_HOURLY("rollup_workspace_hourly"),
    /** Trigger and short domain per hour. */
    TRIGGER_HOURLY("rollup_trigger_hourly"),
    /** Device, browser and OS per hour. */
    DEVICE_HOURLY("rollup_device_hourly"),
    /** The five UTM fields per hour. */
    UTM_HOURLY("rollup_utm_hourly"),
    /** Continent, country, region and city per hour. */
    GEO_HOURLY("rollup_geo_hourly"),
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
