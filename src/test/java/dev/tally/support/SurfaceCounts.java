package dev.tally.support;

import dev.tally.support.GeneratedEvents.Event;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Independent counts over generated events for the seed surfaces' contract tests: plain Java over the
 * list that was inserted, sharing no code with the query core.
 */
public final class SurfaceCounts {
    private SurfaceCounts() {
    }

    /** Human (non-bot) events of one stored type in {@code [start, end)}. */
    public static Predicate<Event> human(String type, Instant start, Instant end) {
        return e -> e.eventType().equals(type) && !e.bot() && !e.timestamp().isBefore(start) && e.timestamp().isBefore(end);
    }

    public static long count(List<Event> events, Predicate<Event> keep) {
        return events.stream().filter(keep).count();
    }

    /** Counts per key, largest first (ties by key), like every top list. */
    public static <K extends Comparable<K>> Map<K, Long> top(List<Event> events, Predicate<Event> keep, Function<Event, K> key, int limit) {
        Map<K, Long> all = events.stream().filter(keep).collect(Collectors.groupingBy(key, Collectors.counting()));
        Map<K, Long> top = new LinkedHashMap<>();
        all.entrySet().stream()
                .sorted(Map.Entry.<K, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    /** A JSON number as a long. */
    public static long number(Object value) {
        return ((Number) value).longValue();
    }
}
