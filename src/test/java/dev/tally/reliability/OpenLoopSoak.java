package dev.tally.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The soak target from a load process of its own (this JVM; Tally runs in another, whose resident
 * memory is sampled from {@code /proc/<pid>/status} every second): an open loop that starts
 * {@code requestsPerSecond} requests a second (60% redirects, 40% analytics group-bys) and
 * {@code eventsPerSecond} events a second as 500-line NDJSON batches, whatever the answers' latency. At most
 * {@link #MAX_IN_FLIGHT} requests are outstanding; a request that cannot start because the server is that
 * far behind is counted as shed, so the report shows the rate actually offered.
 */
final class OpenLoopSoak {
    static final int MAX_IN_FLIGHT = 512;
    private static final int BATCH_EVENTS = 500;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final List<String> GROUP_BYS = List.of("count", "timeseries", "countries", "devices", "browsers", "top_links",
            "referers", "utm_sources", "cities", "triggers");
    private static final List<String> INTERVALS = List.of("24h", "7d", "30d", "90d");

    record Rates(int requestsPerSecond, int eventsPerSecond) {
    }

    record Outcome(Soak.Result result, Rates rates, long shed, long batchesSent) {
    }

    private final URI base;
    private final String apiKey;
    private final String linkId;
    private final String linkKey;
    private final long tallyPid;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong analytics = new AtomicLong();
    private final AtomicLong redirects = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong shed = new AtomicLong();
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final List<String> samples = Collections.synchronizedList(new ArrayList<>());

    OpenLoopSoak(URI base, String apiKey, String linkId, String linkKey, long tallyPid) {
        this.base = base;
        this.apiKey = apiKey;
        this.linkId = linkId;
        this.linkKey = linkKey;
        this.tallyPid = tallyPid;
    }

    Outcome run(Duration length, Rates rates) throws Exception {
        String batch = batch();
        Random random = new Random(20261201);
        long rssStart = rssMib();
        long rssPeak = rssStart;
        long start = System.nanoTime();
        long end = start + length.toNanos();
        double requestsDue = 0;
        double batchesDue = 0;
        long nextSample = start;
        for (long tick = start; tick < end; tick += TICK_NANOS) {
            LockSupport.parkNanos(tick - System.nanoTime());
            requestsDue += rates.requestsPerSecond() / 100.0;
            batchesDue += rates.eventsPerSecond() / (double) BATCH_EVENTS / 100.0;
            for (; requestsDue >= 1; requestsDue--) {
                if (random.nextInt(10) < 6) {
                    send(HttpRequest.newBuilder(uri("/" + linkKey)).header("Host", "tly.sh").build(), "redirect", redirects, false);
                } else {
                    send(authorized("/api/v1/analytics?groupBy=" + GROUP_BYS.get(random.nextInt(GROUP_BYS.size())) + "&interval="
                            + INTERVALS.get(random.nextInt(INTERVALS.size())) + (random.nextBoolean() ? "&country=-US" : "")).build(),
                            "analytics", analytics, false);
                }
            }
            for (; batchesDue >= 1; batchesDue--) {
                send(authorized("/api/v1/events/batch").header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(batch)).build(), "batch", batches, true);
            }
            if (System.nanoTime() >= nextSample) {
                rssPeak = Math.max(rssPeak, rssMib());
                nextSample += TimeUnit.SECONDS.toNanos(1);
            }
        }
        inFlight.tryAcquire(MAX_IN_FLIGHT, 120, TimeUnit.SECONDS);
        long expected = acknowledged.get() + redirects.get();
        // Redirect clicks are written every 200 ms and batches are answered after their insert: wait for them.
        long found = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && (found = clicksFound()) < expected) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        Soak.Result result = new Soak.Result(length, analytics.get(), batches.get(), redirects.get(), errors.get(), expected, found,
                rssStart, Math.max(rssPeak, rssMib()), rssMib(), percentile(sorted, 50), percentile(sorted, 99), List.copyOf(samples));
        return new Outcome(result, rates, shed.get(), batches.get());
    }

    private void send(HttpRequest request, String what, AtomicLong counter, boolean batch) {
        if (!inFlight.tryAcquire()) {
            shed.incrementAndGet();
            return;
        }
        long started = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            try {
                int status = failure != null ? 599 : response.statusCode();
                if (status < 400) {
                    counter.incrementAndGet(); // answered; a redirect answered 302 is a click to find
                }
                if (!batch) {
                    latencies.add((System.nanoTime() - started) / 1_000_000);
                }
                if (status >= 400) {
                    errors.incrementAndGet();
                    if (samples.size() < 10) {
                        samples.add(status + " " + what + (failure != null ? " (" + failure.getClass().getSimpleName() + ")" : ""));
                    }
                } else if (batch) {
                    acknowledged.addAndGet(new ObjectMapper().readTree(response.body()).get("accepted").asLong());
                }
            } catch (Exception e) {
                errors.incrementAndGet();
            } finally {
                inFlight.release();
            }
        });
    }

    private long clicksFound() {
        try {
            String body = http.send(authorized("/api/v1/analytics?groupBy=count&interval=all_unfiltered&event=clicks&linkId=" + linkId).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return new ObjectMapper().readTree(body).get("clicks").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    private String batch() {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < BATCH_EVENTS; i++) {
            batch.append("{\"event\":\"click\",\"link_id\":\"").append(linkId)
                    .append("\",\"ip\":\"81.2.69.").append(i % 250).append("\",\"user_agent\":\"Mozilla/5.0 (Windows NT 10.0)\"}\n");
        }
        return batch.toString();
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + apiKey);
    }

    private URI uri(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }

    private long rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(tallyPid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
