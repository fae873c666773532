package dev.tally.bench;

import dev.tally.auth.CredentialCache;
import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What authentication + rate limiting add to a request: the same trivial route (no ClickHouse), once
 * anonymous ("bare") and once behind an API key with its scope check, rate limit and workspace binding,
 * interleaved on one keep-alive connection; plus a key-cache hit in process and a key-cache miss (one
 * ClickHouse lookup). {@link #run} adds the figures to a {@link Report} (section {@code auth}); {@link #main}
 * prints them:
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
 * java --enable-native-access=ALL-UNNAMED -cp target/test-classes:target/classes:$(cat target/bench.classpath) \
 *     dev.tally.bench.AuthBench [requests]
 * </pre>
 */
public final class AuthBench {
    private static final String SECTION = "auth";

    private AuthBench() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        Path dataDir = Path.of("target", "bench", "auth-data");
        BenchMain.deleteRecursively(dataDir);
        Report report = new Report();
        run(dataDir, report, requests);
        System.exit(0);
    }

    /** Runs the auth figures on a Tally started on {@code dataDir} (closed again before returning). */
    static void run(Path dataDir, Report report, int requests) throws Exception {
        Map<String, Object> properties = Map.of("spec.name", "AuthBench", "tally.rate-limit.limit", "1000000000");
        try (AppUnderBench app = new AppUnderBench(dataDir, properties); HttpClient client = HttpClient.newHttpClient()) {
            TestWorkspace workspace = app.context().getBean(TestWorkspaces.class).create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
            HttpRequest anonymous = HttpRequest.newBuilder(app.baseUri().resolve("/probe/anonymous")).GET().build();
            HttpRequest authenticated = HttpRequest.newBuilder(app.baseUri().resolve("/api/v1/probe/workspace"))
                    .header("Authorization", "Bearer " + workspace.apiKey()).GET().build();
            for (int i = 0; i < 2000; i++) {
                send(client, anonymous);
                send(client, authenticated);
            }
            long[] anonymousNanos = new long[requests];
            long[] authenticatedNanos = new long[requests];
            for (int i = 0; i < requests; i++) {
                anonymousNanos[i] = send(client, anonymous);
                authenticatedNanos[i] = send(client, authenticated);
            }
            Stats bare = Stats.ofNanos(anonymousNanos);
            Stats withKey = Stats.ofNanos(authenticatedNanos);
            report.row(SECTION, "trivial route with an API key (authentication, scope, rate limit, workspace binding) over HTTP",
                    withKey, bare.medianMillis(), "the same route anonymous");
            report.note(String.format(Locale.ROOT, "auth: authentication + rate limiting add %.1f µs to the median request "
                    + "(%s ms with a key vs %s ms anonymous, %,d requests each, interleaved)",
                    (withKey.medianMillis() - bare.medianMillis()) * 1000, withKey.median(), bare.median(), requests));

            CredentialCache credentials = app.context().getBean(CredentialCache.class);
            int hits = 1_000_000;
            long start = 0;
            for (int round = 0; round < 2; round++) {
                start = System.nanoTime();
                for (int i = 0; i < hits; i++) {
                    credentials.resolveCached(workspace.apiKey()).orElseThrow();
                }
            }
            report.note(String.format(Locale.ROOT, "auth: a key-cache hit in process (SHA-256 of the key, two cache lookups) "
                    + "takes %.0f ns on average over %,d calls", (System.nanoTime() - start) / (double) hits, hits));
            report.row(SECTION, "key-cache miss: one ClickHouse lookup of an unknown key",
                    Stats.time(50, 500, () -> credentials.resolve(randomKey())), null, null);
        }
    }

    private static String randomKey() {
        return "tly_live_" + (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 43);
    }

    private static long send(HttpClient client, HttpRequest request) throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long elapsed = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + new String(response.body()));
        }
        return elapsed;
    }
}
