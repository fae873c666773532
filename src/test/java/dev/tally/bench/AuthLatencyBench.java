package dev.tally.bench;

import dev.tally.auth.CredentialCache;
import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * What authentication + rate limiting add to a request: the same trivial route (no ClickHouse), once
 * anonymous and once behind an API key with its scope, rate limit and workspace binding, interleaved
 * over a few thousand requests each on one keep-alive connection; plus the cost of a key-cache miss.
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes:$(cat target/classpath.txt) \
 *     dev.tally.bench.AuthLatencyBench [requests]
 * </pre>
 */
public final class AuthLatencyBench {
    private AuthLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        Map<String, Object> properties = Map.of(
                "spec.name", "AuthLatencyBench",
                "tally.rate-limit.limit", "1000000000",
                "tally.clickhouse.data-dir", "target/bench-data",
                "micronaut.server.port", "-1");
        try (ApplicationContext context = ApplicationContext.run(properties);
             HttpClient client = HttpClient.newHttpClient()) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            TestWorkspace workspace = context.getBean(TestWorkspaces.class).create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
            HttpRequest anonymous = HttpRequest.newBuilder(URI.create(server.getURL() + "/probe/anonymous")).GET().build();
            HttpRequest authenticated = HttpRequest.newBuilder(URI.create(server.getURL() + "/api/v1/probe/workspace"))
                    .header("Authorization", "Bearer " + workspace.apiKey()).GET().build();
            HttpRequest health = HttpRequest.newBuilder(URI.create(server.getURL() + "/health")).GET().build();

            for (int i = 0; i < 2000; i++) {
                send(client, anonymous, 200);
                send(client, authenticated, 200);
            }
            long[] anonymousNanos = new long[requests];
            long[] authenticatedNanos = new long[requests];
            long[] healthNanos = new long[requests];
            for (int i = 0; i < requests; i++) {
                anonymousNanos[i] = send(client, anonymous, 200);
                authenticatedNanos[i] = send(client, authenticated, 200);
                healthNanos[i] = send(client, health, 200);
            }
            double anonymousMedian = median(anonymousNanos);
            double authenticatedMedian = median(authenticatedNanos);
            System.out.printf("requests each: %d%n", requests);
            System.out.printf("anonymous trivial route      median %.1f µs  p90 %.1f µs%n", anonymousMedian / 1e3, percentile(anonymousNanos, 0.9) / 1e3);
            System.out.printf("authenticated trivial route  median %.1f µs  p90 %.1f µs%n", authenticatedMedian / 1e3, percentile(authenticatedNanos, 0.9) / 1e3);
            System.out.printf("GET /health (runs SELECT 1)  median %.1f µs  p90 %.1f µs%n", median(healthNanos) / 1e3, percentile(healthNanos, 0.9) / 1e3);
            System.out.printf("added by auth + rate limit   median %.1f µs (ratio %.2f)%n",
                    (authenticatedMedian - anonymousMedian) / 1e3, authenticatedMedian / anonymousMedian);

            CredentialCache credentials = context.getBean(CredentialCache.class);
            int hits = 1_000_000;
            for (int round = 0; round < 2; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < hits; i++) {
                    credentials.resolveCached(workspace.apiKey()).orElseThrow();
                }
                if (round == 1) {
                    System.out.printf("key-cache hit in process (SHA-256 + two cache lookups)  mean %.0f ns%n",
                            (System.nanoTime() - start) / (double) hits);
                }
            }
            long[] missNanos = new long[500];
            for (int i = 0; i < missNanos.length; i++) {
                String unknown = "tly_live_" + (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 43);
                long start = System.nanoTime();
                credentials.resolve(unknown);
                missNanos[i] = System.nanoTime() - start;
            }
            System.out.printf("key-cache miss (one ClickHouse lookup, %s engine)  median %.1f µs  p90 %.1f µs%n",
                    context.getBean(dev.tally.store.ClickHouse.class).engine(), median(missNanos) / 1e3, percentile(missNanos, 0.9) / 1e3);
        }
    }

    private static long send(HttpClient client, HttpRequest request, int expectedStatus) throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long elapsed = System.nanoTime() - start;
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + new String(response.body()));
        }
        return elapsed;
    }

    private static double median(long[] values) {
        return percentile(values, 0.5);
    }

    private static double percentile(long[] values, double fraction) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(fraction * (sorted.length - 1)))];
    }
}
