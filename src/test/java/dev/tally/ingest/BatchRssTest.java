package dev.tally.ingest;

import dev.tally.Application;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static dev.tally.support.ChildProcesses.java;
import static dev.tally.support.ChildProcesses.freePort;
import static dev.tally.support.ChildProcesses.uri;
import static dev.tally.support.ChildProcesses.group;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's memory row, measured on the process's resident set (heap, metaspace, threads and chDB's native
 * memory together), not the heap alone: a child Tally JVM started as {@code scripts/start} starts it
 * ({@code -Xmx1g -XX:G1PeriodicGCInterval=15000}) gets 8 concurrent batches of just under 64 MiB each (the
 * largest a batch may be). Its RSS, read from {@code /proc/<pid>/status} every 100 ms, stays under
 * {@link #MAX_RSS_DURING} while they run and comes back under {@link #MAX_RSS_AFTER} once they are
 * answered; every batch is acknowledged with all of its lines, and the table holds each acknowledged event
 * exactly once (8 copies of one body without event ids: rows = distinct ids = 8 × lines, counted by the engine
 * through the BI endpoint). Lines are ~1 KiB (a long referer URL), so
 * the 512 MiB of bodies are ~0.5 M events and the test stays short.
 */
class BatchRssTest {
    private static final String ADMIN_TOKEN = "batch-rss-admin-token";
    private static final int BATCHES = 8;
    private static final int MAX_BODY_BYTES = 64 << 20;
    private static final long MAX_RSS_DURING = 2_500L << 20;
    private static final long MAX_RSS_AFTER = 1_500L << 20;
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void eightConcurrentLargestBatchesStayWithinTheRssBoundsAndAreStoredOnce() throws Exception {
        Path directory = Path.of("target", "batch-rss-" + UUID.randomUUID()).toAbsolutePath();
        Files.createDirectories(directory);
        int port = freePort();
        Process tally = start(directory, port);
        try {
            awaitHealthy(port);
            String workspaceId = group(ID, send(admin(port, "/api/v1/workspaces", "{\"name\":\"rss\",\"plan\":\"enterprise\"}")).body());
            String key = group(KEY, send(admin(port, "/api/v1/workspaces/" + workspaceId + "/keys",
                    "{\"name\":\"rss\",\"scopes\":[\"events:write\",\"bi:read\"]}")).body());
            // One body sent 8 times: its lines carry no event_id, so every copy is stored as new rows.
            byte[] body = body();
            long lines = BATCHES * count(body);
            long before = rss(tally.pid());
            AtomicLong peak = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(rss(tally.pid()), Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            List<HttpResponse<String>> answers = new ArrayList<>();
            try (ExecutorService senders = Executors.newFixedThreadPool(BATCHES)) {
                List<Future<HttpResponse<String>>> sent = new ArrayList<>();
                for (int batch = 0; batch < BATCHES; batch++) {
                    sent.add(senders.submit(() -> send(HttpRequest.newBuilder(uri(port, "/api/v1/events/batch"))
                            .header("Authorization", "Bearer " + key).header("Content-Type", "application/x-ndjson")
                            .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build())));
                }
                for (Future<HttpResponse<String>> answer : sent) {
                    answers.add(answer.get());
                }
            } finally {
                running.set(false);
                sampler.join();
            }
            long accepted = 0;
            for (HttpResponse<String> answer : answers) {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                accepted += Long.parseLong(group(ACCEPTED, answer.body()));
            }
            assertThat(accepted).isEqualTo(lines);
            String stored = send(HttpRequest.newBuilder(uri(port, "/clickhouse/"))
                    .header("X-ClickHouse-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString("SELECT count(), uniqExact(event_id) FROM events FORMAT TSV")).build()).body();
            assertThat(stored.strip()).as("rows, distinct ids").isEqualTo(lines + "\t" + lines);

            long after = awaitRssBelow(tally.pid(), MAX_RSS_AFTER, Duration.ofSeconds(60));
            System.out.printf("BatchRssTest: %d batches, %,d lines, RSS before %,d MB, peak during %,d MB, after %,d MB%n",
                    BATCHES, lines, before >> 20, peak.get() >> 20, after >> 20);
            assertThat(peak.get()).as("peak RSS during the batches").isLessThan(MAX_RSS_DURING);
            assertThat(after).as("RSS after the batches").isLessThan(MAX_RSS_AFTER);
        } finally {
            tally.destroy();
            if (!tally.waitFor(30, TimeUnit.SECONDS)) {
                tally.destroyForcibly();
            }
        }
    }

    /** Just under the batch size limit, in ~1 KiB lines. */
    private static byte[] body() {
        StringBuilder out = new StringBuilder(MAX_BODY_BYTES);
        String padding = "x".repeat(800);
        String[] agents = {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
                "curl/8.5.0"};
        for (int i = 0; ; i++) {
            int length = out.length();
            out.append("{\"event\":\"view\",\"page_id\":\"page_").append(i % 50).append("\",\"ip\":\"81.2.").append(i % 200).append('.')
                    .append(i % 250).append("\",\"user_agent\":\"").append(agents[i % agents.length])
                    .append("\",\"referer\":\"https://news.example.com/a/").append(i).append("?q=").append(padding)
                    .append("\",\"timestamp\":\"2026-03-0").append(1 + i % 9).append("T12:00:00Z\"}\n");
            if (out.length() > MAX_BODY_BYTES) {
                out.setLength(length);
                return out.toString().getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private static long count(byte[] body) {
        long lines = 0;
        for (byte b : body) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** RSS in bytes of a live process. */
    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).strip().split("\\s+")[0]) << 10;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the RSS of process " + pid, e);
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    /** The RSS once it is below {@code bound} (the JVM gives heap back at its periodic GC), or the last reading. */
    private static long awaitRssBelow(long pid, long bound, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long rss = rss(pid);
        while (rss >= bound && System.nanoTime() < deadline) {
            Thread.sleep(500);
            rss = rss(pid);
        }
        return rss;
    }

    private static Process start(Path directory, int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(java(), "--enable-native-access=ALL-UNNAMED", "-Xmx1g",
                "-XX:G1PeriodicGCInterval=15000", "-cp", System.getProperty("java.class.path"), Application.class.getName())
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("tally.log").toFile());
        builder.environment().put("TALLY_DATA_DIR", directory.resolve("data").toString());
        builder.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(port));
        builder.environment().put("TALLY_ADMIN_TOKEN", ADMIN_TOKEN);
        return builder.start();
    }

    private void awaitHealthy(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                if (send(HttpRequest.newBuilder(uri(port, "/health")).build()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Tally did not become healthy");
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest admin(int port, String path, String body) {
        return HttpRequest.newBuilder(uri(port, path)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
