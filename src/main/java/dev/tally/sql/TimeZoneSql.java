package dev.tally.sql;

/** The time zones the engine can compute in (its own tz database, which is not Java's). */
public final class TimeZoneSql {
    private TimeZoneSql() {
    }

    public static Sql all() {
        return Sql.of("SELECT time_zone FROM system.time_zones");
    }
}
