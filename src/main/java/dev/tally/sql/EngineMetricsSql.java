package dev.tally.sql;

/** What {@code /metrics} reads from the engine itself (the same on chDB and a server). */
public final class EngineMetricsSql {
    /** The engine's tracked memory in bytes ({@code MemoryTracking}: what its own memory limits count). */
    public static final Sql MEMORY = Sql.of("SELECT toInt64(value) AS bytes FROM system.metrics WHERE metric = 'MemoryTracking'");

    private EngineMetricsSql() {
    }
}
