package dev.tally.reliability;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mixed load for a while, sized for a 2-core machine: two analytics clients (closed loop, random group-bys
 * and filters), one ingest client (NDJSON batches of 500 clicks) and one redirect client, all to 127.0.0.1.
 * Asserts nothing itself: it reports errors (non-2xx/3xx), the acknowledged events found back, latency and
 * the process's resident memory (sampled every second from /proc/self/status).
 */
final class Soak {
    private static final List<String> GROUP_BYS = List.of("count", "timeseries", "countries", "devices", "browsers", "top_links",
            "referers", "utm_sources", "cities", "triggers");
    private static final List<String> INTERVALS = List.of("24h", "7d", "30d", "90d");

    record Result(Duration length, long analyticsRequests, long ingestRequests, long redirects, long errors, long eventsAcknowledged,
                  long eventsFound, long rssStartMib, long rssPeakMib, long rssEndMib, long p50Millis, long p99Millis, List<String> errorSamples) {
    }

    private final Target target;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    Soak(Target target, JsonMapper json) {
        this.target = target;
        this.json = json;
    }

    Result run(Duration length) throws Exception {
        // A link of its own: the fuzzer may have changed or deleted the target's.
        Map<String, Object> created = json.readValue(send("POST", "/api/v1/links", "{\"url\":\"https://example.com/soak\"}",
                "application/json").body(), Argument.mapOf(String.class, Object.class));
        String linkId = (String) created.get("id");
        String linkKey = (String) created.get("key");
        Instant end = Instant.now().plus(length);
        AtomicLong analytics = new AtomicLong();
        AtomicLong ingest = new AtomicLong();
        AtomicLong redirects = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong acknowledged = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> samples = Collections.synchronizedList(new ArrayList<>());
        long rssStart = rssMib();
        AtomicLong rssPeak = new AtomicLong(rssStart);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        for (int client = 0; client < 2; client++) {
            long seed = client;
            pool.submit(() -> loop(end, () -> {
                Random random = new Random(seed + System.nanoTime());
                String query = "/api/v1/analytics?groupBy=" + GROUP_BYS.get(random.nextInt(GROUP_BYS.size())) + "&interval="
                        + INTERVALS.get(random.nextInt(INTERVALS.size())) + (random.nextBoolean() ? "&country=-US" : "");
                long started = System.nanoTime();
                int status = send("GET", query, null, null).statusCode();
                latencies.add((System.nanoTime() - started) / 1_000_000);
                analytics.incrementAndGet();
                count(status, query, errors, samples);
            }));
        }
        pool.submit(() -> loop(end, () -> {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                batch.append("{\"event\":\"click\",\"link_id\":\"").append(linkId)
                        .append("\",\"ip\":\"81.2.69.").append(i % 250).append("\",\"user_agent\":\"Mozilla/5.0 (Windows NT 10.0)\"}\n");
            }
            HttpResponse<String> response = send("POST", "/api/v1/events/batch", batch.toString(), "application/x-ndjson");
            ingest.incrementAndGet();
            if (response.statusCode() == 200) {
                acknowledged.addAndGet(((Number) json.readValue(response.body(), Argument.mapOf(String.class, Object.class)).get("accepted")).longValue());
            }
            count(response.statusCode(), "batch", errors, samples);
        }));
        pool.submit(() -> loop(end, () -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/" + linkKey)).header("Host", "tly.sh")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            redirects.incrementAndGet();
            count(response.statusCode() == 302 ? 200 : response.statusCode(), "redirect", errors, samples);
            Thread.sleep(20);
        }));
        pool.submit(() -> loop(end, () -> {
            rssPeak.accumulateAndGet(rssMib(), Math::max);
            Thread.sleep(1000);
        }));
        pool.shutdown();
        pool.awaitTermination(length.toSeconds() + 120, TimeUnit.SECONDS);
        // Redirect clicks are written every 200 ms and batches are acknowledged after their insert: poll until every
        // acknowledged event is found, for at most a minute, instead of guessing how long that takes.
        long expected = acknowledged.get() + redirects.get();
        long found = clicksFound(linkId);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (found < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            found = clicksFound(linkId);
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(length, analytics.get(), ingest.get(), redirects.get(), errors.get(), expected, found, rssStart, rssPeak.get(), rssMib(),
                percentile(sorted, 50), percentile(sorted, 99), List.copyOf(samples));
    }

    private long clicksFound(String linkId) throws IOException, InterruptedException {
        Map<String, Object> count = json.readValue(send("GET", "/api/v1/analytics?groupBy=count&interval=all_unfiltered&event=clicks&linkId=" + linkId,
                null, null).body(), Argument.mapOf(String.class, Object.class));
        return ((Number) count.get("clicks")).longValue();
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void loop(Instant end, Step step) {
        while (Instant.now().isBefore(end)) {
            try {
                step.run();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    return;
                }
            }
        }
    }

    private static void count(int status, String what, AtomicLong errors, List<String> samples) {
        if (status >= 400) {
            errors.incrementAndGet();
            if (samples.size() < 10) {
                samples.add(status + " " + what);
            }
        }
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + target.owner().apiKey())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(target.base().toString().replaceAll("/$", "") + path);
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static long rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
