package dev.tally.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code X-Tally-Source} / {@code X-Tally-Table} headers of a surface that answers with several
 * queries: {@code rollup} when every one read a rollup, {@code raw} when none did, else {@code mixed};
 * the tables in the order they were read; {@code X-Tally-Cache} {@code hit|miss}. The bodies keep each seed's shape.
 */
public final class AnswerSources {
    /** {@code hit} when the whole answer came from the result cache, else {@code miss}. */
    public static final String CACHE_HEADER = "X-Tally-Cache";

    private AnswerSources() {
    }

    public static Map<String, String> headers(List<AnalyticsAnswer> answers) {
        boolean anyRollup = answers.stream().anyMatch(a -> a.plan().source().isRollup());
        boolean allRollup = answers.stream().allMatch(a -> a.plan().source().isRollup());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Tally-Source", allRollup ? "rollup" : anyRollup ? "mixed" : "raw");
        headers.put("X-Tally-Table", String.join(",", answers.stream().map(a -> a.plan().source().table()).distinct().toList()));
        headers.put(CACHE_HEADER, Cached.header(answers.stream().allMatch(AnalyticsAnswer::cacheHit)));
        return headers;
    }
}
