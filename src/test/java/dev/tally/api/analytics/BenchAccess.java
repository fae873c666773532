package dev.tally.api.analytics;

import dev.tally.runner.AnalyticsAnswer;

/** Lets the benchmark shape a body exactly as the controller does, without HTTP. */
public final class BenchAccess {
    private BenchAccess() {
    }

    public static Object body(AnalyticsAnswer answer) {
        return AnalyticsResponse.body(answer);
    }
}
