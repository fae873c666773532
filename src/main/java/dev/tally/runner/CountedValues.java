package dev.tally.runner;

import dev.tally.store.Row;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A group-by answer as the seed surfaces list it: one {@code {<key field>: value, <count field>: n}} object
 * per row. Field names differ from seed to seed, so each surface names its own.
 */
public final class CountedValues {
    private CountedValues() {
    }

    /** One object per row, in the answer's order; {@code display} turns the stored value into the shown one. */
    public static List<Map<String, Object>> of(AnalyticsAnswer answer, String keyField, UnaryOperator<String> display, String metric,
                                               String countField) {
        return answer.rows().rows().stream()
                .map(row -> entry(keyField, display.apply(row.string("value")), countField, row.longValue(metric))).toList();
    }

    public static List<Map<String, Object>> of(AnalyticsAnswer answer, String keyField, String countField) {
        return of(answer, keyField, UnaryOperator.identity(), "clicks", countField);
    }

    /**
     * Rows whose shown values coincide (e.g. {@code Mobile} and {@code mobile} once lower-cased) summed into one,
     * largest first, ties by value.
     */
    public static List<Map<String, Object>> folded(AnalyticsAnswer answer, String keyField, UnaryOperator<String> display, String metric,
                                                   String countField) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Row row : answer.rows().rows()) {
            counts.merge(display.apply(row.string("value")), row.longValue(metric), Long::sum);
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> entry(keyField, e.getKey(), countField, e.getValue())).toList();
    }

    /** {@code {keyField: key, countField: count}}, in that order (a null key stays: seed 002's direct referrer). */
    public static Map<String, Object> entry(String keyField, Object key, String countField, long count) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(keyField, key);
        entry.put(countField, count);
        return entry;
    }
}
