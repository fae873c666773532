package dev.tally.bench;

import dev.tally.query.GroupBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The native analytics API over real HTTP on the generated data set: every group-by (with the table
 * that answered it), and two queries — one rollup-served, one raw-path — under 1, 8 and 32 concurrent
 * connections (requests/s, median and p99).
 */
final class ApiBench {
    private static final String RAW_QUERY = "/api/v1/analytics?groupBy=countries&interval=30d&device=mobile,tablet"
            + "&referer=-google.com&utm_source=newsletter,google";
    private static final String ROLLUP_QUERY = "/api/v1/analytics?groupBy=countries&interval=30d";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final String apiKey;
    private final Report report;

    ApiBench(URI base, String apiKey, Report report) {
        this.base = base;
        this.apiKey = apiKey;
        this.report = report;
    }

    void everyGroupBy(int rounds) {
        // The floor every request pays: HTTP in and out of this JVM, routing, no query.
        report.row("native analytics API over HTTP (30 days, clicks)", "`GET /health` (HTTP floor, one trivial query)",
                Stats.time(rounds / 5, rounds, () -> get("/health")), null, null);
        for (GroupBy groupBy : GroupBy.values()) {
            String path = "/api/v1/analytics?groupBy=" + groupBy.publicName() + "&interval=30d";
            String source = get(path).headers().firstValue("X-Tally-Source").orElse("?");
            Stats stats = Stats.time(rounds / 5, rounds, () -> get(path));
            report.row("native analytics API over HTTP (30 days, clicks)", "`groupBy=" + groupBy.publicName() + "` — " + source,
                    stats, null, null);
        }
        String rawSource = get(RAW_QUERY).headers().firstValue("X-Tally-Source").orElse("?");
        report.row("native analytics API over HTTP (30 days, clicks)",
                "countries, 3 filters incl. an exclusion (`" + RAW_QUERY.substring(RAW_QUERY.indexOf('?')) + "`) — " + rawSource,
                Stats.time(rounds / 5, rounds, () -> get(RAW_QUERY)), null, null);
    }

    void underConcurrency(Duration perLevel) throws Exception {
        for (String path : List.of(ROLLUP_QUERY, RAW_QUERY)) {
            String source = get(path).headers().firstValue("X-Tally-Source").orElse("?");
            for (int connections : new int[] {1, 8, 32}) {
                Load load = load(path, connections, perLevel);
                report.row("native analytics API under concurrency (requests/s in the notes)",
                        source + " `" + path.substring(path.indexOf('?')) + "`, " + connections + " connection(s)",
                        load.stats(), null, null);
                report.note(String.format(Locale.ROOT, "concurrency: %s query at %d connection(s): %.0f requests/s (median %s ms, p99 %s ms)",
                        source, connections, load.requestsPerSecond(), load.stats().median(), load.stats().p99()));
            }
        }
    }

    private record Load(Stats stats, double requestsPerSecond) {
    }

    private Load load(String path, int connections, Duration duration) throws Exception {
        List<long[]> perThread = new ArrayList<>();
        long deadline = System.nanoTime() + duration.toNanos();
        try (ExecutorService threads = Executors.newFixedThreadPool(connections)) {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                futures.add(threads.submit(() -> {
                    List<Long> timings = new ArrayList<>();
                    while (System.nanoTime() < deadline) {
                        long start = System.nanoTime();
                        get(path);
                        timings.add(System.nanoTime() - start);
                    }
                    return timings.stream().mapToLong(Long::longValue).toArray();
                }));
            }
            for (Future<long[]> future : futures) {
                perThread.add(future.get());
            }
        }
        long[] all = perThread.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        return new Load(Stats.ofNanos(all), all.length / (duration.toNanos() / 1e9));
    }

    private HttpResponse<byte[]> get(String path) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Authorization", "Bearer " + apiKey).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + new String(response.body()));
            }
            return response;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
