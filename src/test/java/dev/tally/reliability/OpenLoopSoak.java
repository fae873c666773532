package dev.tally.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The soak target from a load process of its own (this JVM; Tally runs in another, whose resident
 * memory is sampled from {@code /proc/<pid>/status} every second): an open loop that starts
 * {@code requestsPerSecond} requests a second (60% redirects, 40% analytics group-bys) and
 * {@code eventsPerSecond} events a second as 500-line NDJSON batches, whatever the answers' latency.
 *
 * <p>It behaves like a well-behaved client (ADR 0155): a 429 or 503 that carries {@code Retry-After} is
 * <em>shed</em>, counted as such and sent again after the delay it names; a batch acknowledged on a retry is
 * one acknowledged batch. Everything else that is not the expected answer is an <em>error</em>: a 5xx, any
 * other 4xx, a timeout or a broken connection, a 429/503 without {@code Retry-After}, or a request still
 * refused {@link #DRAIN} after the load ended. At the end every acknowledged event (batch lines accepted,
 * redirects answered 302) must be found, no more and no fewer. A warm-up (one redirect, a one-event batch)
 * is answered before the load starts and is not counted.
 *
 * <p>At most {@link #MAX_IN_FLIGHT} requests are outstanding (a shed request waiting to be retried is still
 * outstanding); one that cannot start because the server is that far behind is counted as not sent, so the
 * report shows the rate actually offered. Every attempt is written to {@code requests.csv} (start time and
 * offset, kind, status, latency) for lining spikes up with Tally's GC log and access log.
 */
final class OpenLoopSoak {
    static final int MAX_IN_FLIGHT = 512;
    /** How long after the load ends shed requests are still retried and answers awaited. */
    static final Duration DRAIN = Duration.ofSeconds(60);
    private static final int BATCH_EVENTS = 500;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> GROUP_BYS = List.of("count", "timeseries", "countries", "devices", "browsers", "top_links",
            "referers", "utm_sources", "cities", "triggers");
    private static final List<String> INTERVALS = List.of("24h", "7d", "30d", "90d");
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Kind {
        REDIRECT("redirects"), ANALYTICS("analytics"), BATCH("batches");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    record Rates(int requestsPerSecond, int eventsPerSecond) {
    }

    /** One kind of request over the run: latencies are of answered attempts (shed ones excluded). */
    record KindFigures(Kind kind, long sent, long answered, long shed, long errors, long p50Millis, long p99Millis, long maxMillis) {
    }

    record Outcome(Duration length, Rates rates, List<KindFigures> kinds, long errors, List<String> errorSamples, long notSent,
                   long eventsAcknowledged, long eventsFound, long rssStartMib, long rssPeakMib, long rssEndMib) {

        /** The rules: nothing but expected answers and shed ones, every request offered, every acknowledged event found. */
        boolean clean() {
            return errors == 0 && notSent == 0 && eventsFound == eventsAcknowledged;
        }
    }

    private final URI base;
    private final String apiKey;
    private final String linkId;
    private final String linkKey;
    private final long tallyPid;
    private final Path timelineFile;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().daemon().name("soak-retries").unstarted(runnable));
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Map<Kind, Counts> counts = new EnumMap<>(Kind.class);
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong notSent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final List<String> samples = Collections.synchronizedList(new ArrayList<>());
    private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
    private volatile long startNanos;
    private volatile long startEpochMillis;
    private volatile long retryDeadlineNanos;

    OpenLoopSoak(URI base, String apiKey, String linkId, String linkKey, long tallyPid, Path timelineFile) {
        this.base = base;
        this.apiKey = apiKey;
        this.linkId = linkId;
        this.linkKey = linkKey;
        this.tallyPid = tallyPid;
        this.timelineFile = timelineFile;
        for (Kind kind : Kind.values()) {
            counts.put(kind, new Counts());
        }
    }

    Outcome run(Duration length, Rates rates) throws Exception {
        HttpRequest batch = authorized("/api/v1/events/batch").header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(batch())).build();
        HttpRequest redirect = HttpRequest.newBuilder(uri("/" + linkKey)).timeout(REQUEST_TIMEOUT).header("Host", "tly.sh").build();
        long before = warmUp(redirect);
        Random random = new Random(20261201);
        long rssStart = rssMib();
        long rssPeak = rssStart;
        startNanos = System.nanoTime();
        startEpochMillis = System.currentTimeMillis();
        long end = startNanos + length.toNanos();
        retryDeadlineNanos = end + DRAIN.toNanos();
        double requestsDue = 0;
        double batchesDue = 0;
        long nextSample = startNanos;
        for (long tick = startNanos; tick < end; tick += TICK_NANOS) {
            LockSupport.parkNanos(tick - System.nanoTime());
            requestsDue += rates.requestsPerSecond() / 100.0;
            batchesDue += rates.eventsPerSecond() / (double) BATCH_EVENTS / 100.0;
            for (; requestsDue >= 1; requestsDue--) {
                if (random.nextInt(10) < 6) {
                    start(Kind.REDIRECT, redirect);
                } else {
                    start(Kind.ANALYTICS, authorized("/api/v1/analytics?groupBy=" + GROUP_BYS.get(random.nextInt(GROUP_BYS.size()))
                            + "&interval=" + INTERVALS.get(random.nextInt(INTERVALS.size())) + (random.nextBoolean() ? "&country=-US" : "")).build());
                }
            }
            for (; batchesDue >= 1; batchesDue--) {
                start(Kind.BATCH, batch);
            }
            if (System.nanoTime() >= nextSample) {
                rssPeak = Math.max(rssPeak, rssMib());
                nextSample += TimeUnit.SECONDS.toNanos(1);
            }
        }
        // Shed requests are retried until the drain deadline; a request's own timeout bounds the last one.
        long waitSeconds = DRAIN.toSeconds() + REQUEST_TIMEOUT.toSeconds() + 10;
        long waitEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        while (!inFlight.tryAcquire(MAX_IN_FLIGHT, 1, TimeUnit.SECONDS) && System.nanoTime() < waitEnd) {
            rssPeak = Math.max(rssPeak, rssMib());
        }
        retries.shutdownNow();
        long expected = acknowledged.get() + counts.get(Kind.REDIRECT).answered.get();
        // Redirect clicks are written every 200 ms and batches are answered after their insert: poll until every
        // acknowledged event is found (or a minute passed), then once more to see that no more than that appear.
        long found = before;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && (found = clicksFound()) - before < expected) {
            rssPeak = Math.max(rssPeak, rssMib());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        found = Math.max(found, clicksFound());
        writeTimeline();
        List<KindFigures> figures = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            figures.add(counts.get(kind).figures(kind));
        }
        long rssEnd = rssMib();
        return new Outcome(length, rates, figures, errors.get(), List.copyOf(samples), notSent.get(), expected, found - before,
                rssStart, Math.max(rssPeak, rssEnd), rssEnd);
    }

    /**
     * One redirect and a one-event batch, answered before the load starts (not measured): Tally builds its
     * enrichment beans in the background after it starts answering /health, and the first requests would
     * otherwise measure that. Returns the link's clicks found once both are written.
     */
    private long warmUp(HttpRequest redirect) throws IOException, InterruptedException {
        long before = clicksFound();
        HttpRequest one = authorized("/api/v1/events/batch").header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(batch().lines().findFirst().orElseThrow() + "\n")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (http.send(one, HttpResponse.BodyHandlers.discarding()).statusCode() != 200 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        }
        if (http.send(redirect, HttpResponse.BodyHandlers.discarding()).statusCode() != 302) {
            throw new IllegalStateException("the warm-up redirect was not answered 302");
        }
        long found = clicksFound();
        while (found < before + 2 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            found = clicksFound();
        }
        if (found != before + 2) {
            throw new IllegalStateException("the warm-up's 2 clicks were not found (" + (found - before) + ")");
        }
        return found;
    }

    private void start(Kind kind, HttpRequest request) {
        if (!inFlight.tryAcquire()) {
            notSent.incrementAndGet();
            return;
        }
        counts.get(kind).sent.incrementAndGet();
        attempt(kind, request, 1);
    }

    private void attempt(Kind kind, HttpRequest request, int attempt) {
        long started = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            boolean finished = true;
            Counts of = counts.get(kind);
            try {
                long millis = (System.nanoTime() - started) / 1_000_000;
                int status = failure != null ? 599 : response.statusCode();
                timeline.add(startEpochMillis + (started - startNanos) / 1_000_000 + "," + (started - startNanos) / 1_000_000 + ","
                        + kind.label + "," + status + "," + millis + "," + attempt);
                OptionalLong retryAfter = failure == null && (status == 429 || status == 503) ? retryAfterSeconds(response) : OptionalLong.empty();
                if (retryAfter.isPresent()) {
                    of.shed.incrementAndGet();
                    long delayMillis = Math.max(100, TimeUnit.SECONDS.toMillis(retryAfter.getAsLong()));
                    if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis) < retryDeadlineNanos) {
                        retries.schedule(() -> attempt(kind, request, attempt + 1), delayMillis, TimeUnit.MILLISECONDS);
                        finished = false;
                    } else {
                        error(of, status + " " + kind.label + " still refused " + DRAIN.toSeconds() + " s after the load ended");
                    }
                    return;
                }
                of.latencies.add(millis);
                if (status == (kind == Kind.REDIRECT ? 302 : 200)) {
                    of.answered.incrementAndGet();
                    if (kind == Kind.BATCH) {
                        JsonNode answer = JSON.readTree(response.body());
                        acknowledged.addAndGet(answer.get("accepted").asLong());
                        if (answer.get("accepted").asLong() != BATCH_EVENTS) {
                            error(of, "200 batch accepted only " + answer.get("accepted").asLong() + " of " + BATCH_EVENTS + " lines");
                        }
                    }
                } else {
                    error(of, status + " " + kind.label + (failure != null ? " (" + failure.getClass().getSimpleName() + ")" : ""));
                }
            } catch (IOException | RuntimeException e) {
                error(of, "unreadable answer to " + kind.label + ": " + e);
            } finally {
                if (finished) {
                    inFlight.release();
                }
            }
        });
    }

    private void error(Counts of, String sample) {
        of.errors.incrementAndGet();
        errors.incrementAndGet();
        if (samples.size() < 10) {
            samples.add(sample);
        }
    }

    private static OptionalLong retryAfterSeconds(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("Retry-After").map(value -> OptionalLong.of(Long.parseLong(value.strip())))
                    .orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // an HTTP date: Tally never sends one, so this is an error
        }
    }

    private long clicksFound() {
        try {
            String body = http.send(authorized("/api/v1/analytics?groupBy=count&interval=all_unfiltered&event=clicks&linkId=" + linkId).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return JSON.readTree(body).get("clicks").asLong();
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void writeTimeline() throws IOException {
        List<String> lines;
        synchronized (timeline) {
            lines = new ArrayList<>(timeline);
        }
        try (Writer out = Files.newBufferedWriter(timelineFile, StandardCharsets.UTF_8)) {
            out.write("epoch_ms,offset_ms,kind,status,latency_ms,attempt\n");
            for (String line : lines) {
                out.write(line);
                out.write('\n');
            }
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
        return HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + apiKey);
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
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static final class Counts {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong shed = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

        KindFigures figures(Kind kind) {
            List<Long> sorted;
            synchronized (latencies) {
                sorted = new ArrayList<>(latencies);
            }
            Collections.sort(sorted);
            return new KindFigures(kind, sent.get(), answered.get(), shed.get(), errors.get(), percentile(sorted, 50),
                    percentile(sorted, 99), sorted.isEmpty() ? 0 : sorted.getLast());
        }
    }

    static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
