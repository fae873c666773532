package dev.tally.bench;

import dev.tally.auth.Scope;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seed surfaces' benchmark (issue 6, not a unit test): the median latency of each surface over HTTP
 * (authentication included) on generated data, and whether it was answered from a rollup (the
 * {@code X-Tally-Source} header: {@code rollup}, {@code raw} or {@code mixed}).
 *
 * <pre>
 *   mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
 *   java --enable-native-access=ALL-UNNAMED -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
 *       dev.tally.bench.SurfaceBench [clicks, default 10000000]
 * </pre>
 *
 * {@link #run} is what {@code BenchMain} can call on its own loaded app (section {@code surfaces}); the
 * app should run with a high {@code tally.rate-limit.limit}, as this sends a few hundred requests a minute.
 */
public final class SurfaceBench {
    static final String SECTION = "surfaces";

    private SurfaceBench() {
    }

    public static void main(String[] args) throws Exception {
        long clicks = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        Path dataDir = Path.of("target", "bench", "surfaces-data");
        BenchMain.deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        Report report = new Report();
        TrafficGenerator generator = new TrafficGenerator(42, 2, 1_000, 90, LocalDate.now(ZoneOffset.UTC));
        try (AppUnderBench app = new AppUnderBench(dataDir, Map.of("spec.name", "SurfaceBench", "tally.rate-limit.limit", "1000000000"))) {
            DataSetLoader.Loaded loaded = DataSetLoader.load(app.clickHouse(), generator, clicks);
            report.note(String.format(Locale.ROOT, "surfaces: %,d generated events (%,d clicks), 90 days, loaded in %.1f s",
                    loaded.events(), clicks, loaded.seconds()));
            run(app, generator, report, 30);
        }
        report.write(Path.of("target", "surface-bench.md"), "surfaces", "");
        System.out.println("wrote target/surface-bench.md");
        System.exit(0);
    }

    /** Times each surface on the busiest generated workspace and its busiest link, {@code rounds} requests each after warm-up. */
    static void run(AppUnderBench app, TrafficGenerator generator, Report report, int rounds) throws Exception {
        String workspaceId = generator.workspaces().getFirst();
        TrafficGenerator.Link link = generator.links().stream().filter(l -> l.workspaceId().equals(workspaceId)).findFirst().orElseThrow();
        String apiKey = app.apiKey(workspaceId, Scope.ANALYTICS_READ);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        Map<String, HttpRequest.Builder> requests = new LinkedHashMap<>();
        requests.put("000 clicks, groupBy=day, last 30 days (defaults)", get(app, "/api/v1/analytics/clicks?groupBy=day"));
        requests.put("000 clicks, groupBy=country, last 30 days", get(app, "/api/v1/analytics/clicks?groupBy=country"));
        requests.put("000 clicks, groupBy=device, 90 days",
                get(app, "/api/v1/analytics/clicks?groupBy=device&start=" + today.minusDays(89) + "&end=" + today));
        requests.put("000 clicks, groupBy=referrer, last 30 days", get(app, "/api/v1/analytics/clicks?groupBy=referrer"));
        requests.put("000 clicks, linkId=busiest link, groupBy=day, last 30 days",
                get(app, "/api/v1/analytics/clicks?groupBy=day&linkId=" + link.id()));
        requests.put("000 views, groupBy=day, last 30 days", get(app, "/api/v1/analytics/views?groupBy=day"));
        requests.put("002 link report, busiest link, all time", get(app, "/api/v1/analytics/" + link.id()));
        requests.put("002 link report, busiest link, 7 days",
                get(app, "/api/v1/analytics/" + link.id() + "?start=" + today.minusDays(6) + "T00:00:00Z&end=" + today + "T23:59:59Z"));
        requests.put("003 click log, one day, first page of 1,000", post(app, "{\"start\":\"" + today.minusDays(1) + "\",\"end\":\"" + today.minusDays(1) + "\"}"));
        requests.put("003 click log, 90 days, first page of 1,000", post(app, "{\"start\":\"" + today.minusDays(89) + "\",\"end\":\"" + today + "\"}"));
        requests.put("004 slug analytics, busiest link, period=7d", get(app, "/api/v1/links/" + link.key() + "/analytics"));
        requests.put("004 slug analytics, busiest link, period=90d", get(app, "/api/v1/links/" + link.key() + "/analytics?period=90d"));

        List<String> sources = new ArrayList<>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (Map.Entry<String, HttpRequest.Builder> entry : requests.entrySet()) {
                HttpRequest request = entry.getValue().header("Authorization", "Bearer " + apiKey).build();
                HttpResponse<byte[]> first = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (first.statusCode() != 200) {
                    throw new IllegalStateException(entry.getKey() + " answered " + first.statusCode() + ": " + new String(first.body()));
                }
                String source = first.headers().firstValue("X-Tally-Source").orElse("?") + " ("
                        + first.headers().firstValue("X-Tally-Table").orElse("?") + ")";
                Stats stats = Stats.time(5, rounds, () -> send(client, request));
                report.row(SECTION, entry.getKey() + " — " + source, stats, null, null);
                sources.add(entry.getKey() + ": " + source + ", median " + stats.median() + " ms");
            }
        }
        report.note("surfaces (HTTP, authenticated, " + rounds + " requests each): " + String.join("; ", sources));
    }

    private static HttpRequest.Builder get(AppUnderBench app, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(app.baseUri() + pathAndQuery)).GET();
    }

    private static HttpRequest.Builder post(AppUnderBench app, String json) {
        return HttpRequest.newBuilder(URI.create(app.baseUri() + "/v1/analytics")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static void send(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
