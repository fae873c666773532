package dev.tally.query;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * The time zones answers can be computed in: IANA region ids that Java and the engine both know. Java's
 * tz database alone is not enough: it has the 13 {@code SystemV/*} zones, which ClickHouse refuses, so
 * a zone Java accepts could fail every query made in it. Every place that accepts a zone (the
 * {@code timezone} parameter, a workspace's zone) asks the same instance, made from the engine's
 * {@code system.time_zones}.
 */
@FunctionalInterface
public interface TimeZones {

    /** Whether the engine can compute in the zone named {@code id}. */
    boolean engineKnows(String id);

    /**
     * The zone named {@code id}, or empty when it is no region id of both Java's tz database and the engine.
     * Tricky: {@code ZoneId.of} also accepts fixed offsets ({@code +05:30}, {@code UTC+3}); they are not names
     * ClickHouse takes, so only region ids pass (and {@code UTC}).
     */
    default Optional<ZoneId> find(String id) {
        if (!(id.equals("UTC") || ZoneId.getAvailableZoneIds().contains(id)) || !engineKnows(id)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The zones of a list the engine gave (e.g. the rows of {@code system.time_zones}). */
    static TimeZones of(Set<String> engineZones) {
        Set<String> known = Set.copyOf(engineZones);
        return known::contains;
    }

    /**
     * For parsing without an engine (unit tests, tools): Java's region ids less the {@code SystemV/*}
     * family, which no ClickHouse knows. The service always uses the engine's own list.
     */
    static TimeZones withoutEngine() {
        return id -> !id.startsWith("SystemV/");
    }
}
