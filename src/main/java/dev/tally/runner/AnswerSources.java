package dev.tally.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code X-Tally-Source} / {@code X-Tally-Table} headers of a surface that answers with several
 * queries: {@code rollup} when every one read a rollup, {@code raw} when none did, else {@code mixed};
 * the tables in the order they were read. The bodies keep each seed's shape.
 */
public final class AnswerSources {
    private AnswerSources() {
    }

    public static Map<String, String> headers(List<AnalyticsAnswer> answers) {
        boolean anyRollup = answers.stream().anyMatch(a -> a.plan().source().isRollup());
        boolean allRollup = answers.stream().allMatch(a -> a.plan().source().isRollup());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Tally-Source", allRollup ? "rollup" : anyRollup ? "mixed" : "raw");
        headers.put("X-Tally-Table", String.join(",", answers.stream().map(a -> a.plan().source().table()).distinct().toList()));
        return headers;
    }
}
