package dev.tally.bench;

import java.util.Arrays;
import java.util.Locale;

/** Median and p99 of a set of timings, in milliseconds. */
public record Stats(int samples, double medianMillis, double p99Millis) {

    public static Stats ofNanos(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Stats(sorted.length, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6);
    }

    private static double percentile(long[] sorted, double fraction) {
        int index = (int) Math.ceil(fraction * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    public String median() {
        return format(medianMillis);
    }

    public String p99() {
        return format(p99Millis);
    }

    public static String format(double millis) {
        return millis < 10 ? String.format(Locale.ROOT, "%.3f", millis) : String.format(Locale.ROOT, "%.1f", millis);
    }

    /** Times {@code rounds} runs of {@code work} after {@code warmup} unrecorded ones. */
    public static Stats time(int warmup, int rounds, Runnable work) {
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        long[] nanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            work.run();
            nanos[i] = System.nanoTime() - start;
        }
        return ofNanos(nanos);
    }
}
