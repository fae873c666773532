package dev.tally.api.analytics;

import dev.tally.query.TimeZones;
import dev.tally.sql.TimeZoneSql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import jakarta.inject.Singleton;

import java.util.HashSet;
import java.util.Set;

/**
 * {@link TimeZones} as this engine knows them: {@code system.time_zones}, read once (on first use, so that
 * start-up does not wait on it) and kept; the list changes only with the engine's version.
 */
@Singleton
final class EngineTimeZones implements TimeZones {
    private final ClickHouse clickHouse;
    private volatile Set<String> known;

    EngineTimeZones(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    @Override
    public boolean engineKnows(String id) {
        Set<String> zones = known;
        if (zones == null) {
            Set<String> loaded = new HashSet<>();
            for (Row row : clickHouse.query(TimeZoneSql.all()).rows()) {
                loaded.add(row.string("time_zone"));
            }
            zones = Set.copyOf(loaded);
            known = zones;
        }
        return zones.contains(id);
    }
}
