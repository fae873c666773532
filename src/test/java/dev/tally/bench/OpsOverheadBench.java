package dev.tally.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP floor ({@code GET /health}, no key, {@code SELECT 1}) with the operations layer off (no HTTP timers, no
 * access log) and on (the defaults: HTTP timers with histograms, request ids, one access line per request), in
 * alternating trials on one data directory, so machine load hits both alike; prints each trial and the medians
 * (docs/adr/0116). Usage: {@code OpsOverheadBench [trials] [rounds]}; stdout is where the access lines go.
 */
public final class OpsOverheadBench {
    private OpsOverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Path dataDir = Path.of("target", "bench-ops-data");
        Map<String, Object> off = Map.of("micronaut.metrics.binders.web.enabled", false, "tally.access-log.enabled", false);
        Map<String, Object> on = Map.of();
        List<Double> offMedians = new ArrayList<>();
        List<Double> onMedians = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int trial = 1; trial <= trials; trial++) {
            for (boolean enabled : new boolean[] {false, true}) {
                try (AppUnderBench app = new AppUnderBench(dataDir, enabled ? on : off);
                     HttpClient http = HttpClient.newHttpClient()) {
                    HttpRequest health = HttpRequest.newBuilder(app.baseUri().resolve(URI.create("/health"))).build();
                    Stats stats = Stats.time(rounds / 5, rounds, () -> {
                        try {
                            http.send(health, HttpResponse.BodyHandlers.discarding());
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    (enabled ? onMedians : offMedians).add(stats.medianMillis());
                    lines.add(String.format(Locale.ROOT, "trial %d, operations %s: median %s ms, p99 %s ms", trial,
                            enabled ? "on " : "off", stats.median(), stats.p99()));
                }
            }
        }
        lines.forEach(System.err::println);
        System.err.printf(Locale.ROOT, "GET /health median of trial medians: off %s ms, on %s ms%n",
                Stats.format(median(offMedians)), Stats.format(median(onMedians)));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
