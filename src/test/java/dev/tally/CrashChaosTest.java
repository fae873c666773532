package dev.tally;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.support.Poll;
import dev.tally.support.TallyClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static dev.tally.support.ChildProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 beyond batch ingest: Tally (the real main class, a child JVM) is killed with SIGKILL at a random
 * moment while it answers single {@code /track/click} events, redirects, streamed exports and writes an export
 * job, all at once over real HTTP; then it is started again on the same data directory. After every restart:
 * each acknowledged event is stored exactly once and nothing unsent appears; redirect clicks lost are at most
 * what the click buffer held (docs/adr/0130); every rollup answer equals the raw rows (read back through the
 * export); an export the kill cut off never ended as a complete file for its client; the job resumes to
 * {@code completed} (or says {@code failed} with a reason) and every file it lists has its manifest's size,
 * rows and SHA-256 ({@code X-Tally-Sha256}). {@code -Dtally.chaos-rounds=N} runs more kills (1 by default, to keep the suite fast).
 */
class CrashChaosTest {
    private static final int ROUNDS = Integer.getInteger("tally.chaos-rounds", 1);
    private static final String ADMIN_TOKEN = "crash-chaos-admin-token-0123456789";
    private static final String DOMAIN = "tly.sh";
    private static final String BROWSER = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0";
    /** Redirect clicks waiting in memory at most (tally.links.click-buffer-size), the bound of what a kill may lose. */
    private static final int CLICK_BUFFER = 2_000;
    private static final Instant WEEK = Instant.parse("2026-03-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host"); // the redirect's short domain
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everythingAcknowledgedSurvivesKillNineAtRandomMomentsOfTrackingRedirectsAndExports() throws Exception {
        long seed = Long.getLong("tally.chaos-seed", System.nanoTime());
        Random random = new Random(seed);
        Path directory = Path.of("target", "crash-chaos-" + UUID.randomUUID()).toAbsolutePath();
        int port = freePort();
        Tally tally = Tally.start(directory, port);
        try {
            tally.awaitHealthy(http);
            String key;
            String linkId;
            try (TallyClient admin = new TallyClient(tally.uri(""), ADMIN_TOKEN)) {
                String workspace = (String) admin.createWorkspace("business", "UTC").get("id");
                key = admin.issueKey(workspace);
                linkId = (String) admin.post("/api/v1/links", "application/json",
                        "{\"url\":\"https://example.com/chaos\",\"key\":\"chaos1\"}", key).ok().json().get("id");
            }
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Set<String> sent = ConcurrentHashMap.newKeySet();
            AtomicLong redirected = new AtomicLong();
            List<String> jobs = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                jobs.add(createJob(tally, key));
                Load load = new Load(tally, key, linkId, round, acknowledged, sent, redirected);
                load.start();
                // A random moment 1-6 s after the load's first acknowledgement: tracking, redirects, exports and the job all run.
                int before = acknowledged.size();
                Poll.until(Duration.ofSeconds(120), acknowledged::size, acked -> acked > before);
                long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_000 + random.nextInt(5_000));
                Poll.until(Duration.ofSeconds(10), System::nanoTime, now -> now >= killAt);
                tally.process().destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no close.
                assertThat(tally.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                load.stop();
                System.out.printf("round %d (seed %d): killed after %d acknowledged events, %d redirects, exports %d complete / %d cut%n",
                        round, seed, acknowledged.size(), redirected.get(), load.exportsComplete.get(), load.exportsCut.get());
                assertThat(load.badCompleteExports).as("exports that ended as complete files but are not (seed %d)", seed).isEmpty();

                tally = Tally.start(directory, port);
                tally.awaitHealthy(http);
                verify(tally, key, linkId, acknowledged, sent, redirected.get(), jobs, seed);
            }
        } finally {
            tally.process().destroyForcibly();
            tally.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void verify(Tally tally, String key, String linkId, Set<String> acknowledged, Set<String> sent, long redirected,
                        List<String> jobs, long seed) throws Exception {
        // Raw rows, through the export (bots included); every acknowledged id once, none that was never sent.
        Map<String, Integer> seen = new HashMap<>();
        long redirectClicks = 0;
        for (JsonNode event : ndjson(tally, key, "event=all&interval=all_unfiltered")) {
            String id = event.get("event_id").asText();
            seen.merge(id, 1, Integer::sum);
            if (!sent.contains(id) && event.get("event").asText().equals("click") && event.get("link_id").asText().equals(linkId)) {
                redirectClicks++;
            }
        }
        assertThat(seen.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).toList())
                .as("events stored twice (seed %d)", seed).isEmpty();
        assertThat(acknowledged.stream().filter(id -> !seen.containsKey(id)).toList())
                .as("acknowledged track events missing after the restart (seed %d)", seed).isEmpty();
        assertThat(seen.keySet().stream().filter(id -> id.startsWith("evt_chaos_") && !sent.contains(id)).toList()).isEmpty();
        assertThat(redirectClicks).as("redirect clicks stored vs answered (seed %d)", seed).isLessThanOrEqualTo(redirected)
                .isGreaterThanOrEqualTo(redirected - CLICK_BUFFER);
        System.out.printf("after restart: %d events, %d of %d answered redirects stored%n", seen.size(), redirectClicks, redirected);

        // Rollup answers against the same raw rows (humans only, as the analytics answer them).
        List<JsonNode> clicks = ndjson(tally, key, "event=clicks&interval=all");
        JsonNode count = analytics(tally, key, "count");
        assertThat(count.get("clicks").asLong()).as("clicks, rollup vs raw (seed %d)", seed).isEqualTo(clicks.size());
        for (String[] dimension : new String[][]{{"countries", "country"}, {"triggers", "trigger"}, {"devices", "device"}}) {
            Map<String, Long> fromRaw = new TreeMap<>();
            for (JsonNode event : clicks) {
                fromRaw.merge(event.get(dimension[1]).asText(), 1L, Long::sum);
            }
            Map<String, Long> fromRollup = new TreeMap<>();
            for (JsonNode row : analytics(tally, key, dimension[0])) {
                fromRollup.put(row.get(dimension[1]).asText(), row.get("clicks").asLong());
            }
            assertThat(fromRollup).as("%s, rollup vs raw (seed %d)", dimension[0], seed).isEqualTo(fromRaw);
        }

        // Export jobs: resumed to an end; every listed file whole, its checksum and rows those of the manifest.
        for (String job : jobs) {
            JsonNode status = Poll.until(Duration.ofSeconds(120), () -> json(tally, key, "/api/v1/exports/" + job),
                    answer -> !answer.get("status").asText().equals("running"));
            if (status.get("status").asText().equals("failed")) {
                assertThat(status.get("error").asText()).as("a failed job says why").isNotBlank();
            } else {
                assertThat(status.get("status").asText()).isEqualTo("completed");
                assertThat(status.get("progress").get("partitions_done").asInt()).isEqualTo(status.get("progress").get("partitions_total").asInt());
            }
            for (JsonNode file : status.get("files")) {
                HttpResponse<byte[]> download = http.send(tally.get("/api/v1/exports/" + job + "/files/" + file.get("name").asText(), key),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(download.statusCode()).isEqualTo(200);
                String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download.body()));
                assertThat(download.headers().firstValue("X-Tally-Sha256")).contains(sha256);
                assertThat(file.get("sha256").asText()).isEqualTo(sha256);
                assertThat((long) download.body().length).isEqualTo(file.get("bytes").asLong());
                long lines = new String(download.body(), StandardCharsets.UTF_8).lines().count();
                assertThat(lines - 1).as("rows of %s", file.get("name").asText()).isEqualTo(file.get("rows").asLong());
            }
        }
    }

    private String createJob(Tally tally, String key) throws Exception {
        // Hourly partitions of a week: still being written when the kill comes.
        HttpResponse<String> created = http.send(tally.post("/api/v1/exports?start=2026-03-01&end=2026-03-08T00:00:00Z&format=csv&partition=hour",
                key, "", "application/json"), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        return JSON.readTree(created.body()).get("id").asText();
    }

    private JsonNode analytics(Tally tally, String key, String groupBy) throws Exception {
        return json(tally, key, "/api/v1/analytics?event=clicks&interval=all&groupBy=" + groupBy);
    }

    private JsonNode json(Tally tally, String key, String path) {
        try {
            HttpResponse<String> answer = http.send(tally.get(path, key), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<JsonNode> ndjson(Tally tally, String key, String filters) throws Exception {
        HttpResponse<String> answer = http.send(tally.get("/api/v1/events/export?format=ndjson&" + filters, key), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        for (String line : answer.body().split("\n")) {
            if (!line.isEmpty()) {
                events.add(JSON.readTree(line));
            }
        }
        return events;
    }

    /** Track, redirect and export clients against one Tally until it dies. */
    private final class Load {
        private final Tally tally;
        private final String key;
        private final String linkId;
        private final int round;
        private final Set<String> acknowledged;
        private final Set<String> sent;
        private final AtomicLong redirected;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        final AtomicLong exportsComplete = new AtomicLong();
        final AtomicLong exportsCut = new AtomicLong();
        final List<String> badCompleteExports = java.util.Collections.synchronizedList(new ArrayList<>());

        Load(Tally tally, String key, String linkId, int round, Set<String> acknowledged, Set<String> sent, AtomicLong redirected) {
            this.tally = tally;
            this.key = key;
            this.linkId = linkId;
            this.round = round;
            this.acknowledged = acknowledged;
            this.sent = sent;
            this.redirected = redirected;
        }

        void start() {
            for (int client = 0; client < 3; client++) {
                int number = client;
                threads.add(Thread.ofPlatform().daemon().start(() -> track(number)));
            }
            threads.add(Thread.ofPlatform().daemon().start(this::redirects));
            threads.add(Thread.ofPlatform().daemon().start(this::exports));
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        }

        private void track(int client) {
            for (int n = 0; running.get(); n++) {
                String id = "evt_chaos_" + round + "_" + client + "_" + n;
                Instant at = WEEK.plusSeconds((n * 7919L + client * 3_600L) % (7 * 86_400));
                String body = "{\"event_id\":\"" + id + "\",\"link_id\":\"" + linkId + "\",\"timestamp\":\"" + at + "\",\"ip\":\"81.2.69."
                        + (n % 250) + "\",\"country\":\"" + (n % 3 == 0 ? "US" : "GB") + "\",\"user_agent\":\"" + BROWSER + "\"}";
                sent.add(id);
                try {
                    HttpResponse<String> answer = http.send(tally.post("/api/v1/track/click", key, body, "application/json"),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        acknowledged.add(id);
                    }
                } catch (IOException | InterruptedException e) {
                    return; // the server is gone; this event was not acknowledged
                }
            }
        }

        private void redirects() {
            while (running.get()) {
                try {
                    HttpRequest request = HttpRequest.newBuilder(tally.uri("/chaos1")).header("Host", DOMAIN)
                            .header("User-Agent", BROWSER).build();
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 302) {
                        redirected.incrementAndGet();
                    }
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }

        /** Streams TSV exports; one that ends without an error must be whole: a header and rows of its width, ending in a newline. */
        private void exports() {
            while (running.get()) {
                byte[] body;
                try (InputStream in = http.send(tally.get("/api/v1/events/export?format=tsv&event=all&interval=all_unfiltered", key),
                        HttpResponse.BodyHandlers.ofInputStream()).body()) {
                    body = in.readAllBytes();
                } catch (IOException | InterruptedException e) {
                    exportsCut.incrementAndGet();
                    continue;
                }
                exportsComplete.incrementAndGet();
                String text = new String(body, StandardCharsets.UTF_8);
                String[] lines = text.split("\n", -1);
                long width = lines[0].chars().filter(c -> c == '\t').count();
                boolean whole = text.endsWith("\n") && java.util.Arrays.stream(lines, 0, lines.length - 1)
                        .allMatch(line -> line.chars().filter(c -> c == '\t').count() == width);
                if (!whole) {
                    badCompleteExports.add(body.length + " bytes ending " + text.substring(Math.max(0, text.length() - 80)));
                }
            }
        }
    }

    private record Tally(Process process, Path directory, int port) {
        static Tally start(Path directory, int port) throws IOException {
            Files.createDirectories(directory);
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-cp", System.getProperty("java.class.path"), Application.class.getName())
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("output.log").toFile()));
            builder.environment().put("TALLY_DATA_DIR", directory.resolve("data").toString());
            builder.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(port));
            builder.environment().put("TALLY_ADMIN_TOKEN", ADMIN_TOKEN);
            builder.environment().put("TALLY_RATE_LIMIT", "100000000");
            builder.environment().put("TALLY_LINKS_CLICK_BUFFER_SIZE", String.valueOf(CLICK_BUFFER));
            return new Tally(builder.start(), directory, port);
        }

        void awaitHealthy(HttpClient http) {
            Poll.until(Duration.ofSeconds(120), () -> {
                assertThat(process.isAlive()).as("Tally exited while starting; see %s", directory.resolve("output.log")).isTrue();
                try {
                    return http.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException e) {
                    return 0; // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }, status -> status == 200);
        }

        HttpRequest get(String path, String key) {
            return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + key).build();
        }

        HttpRequest post(String path, String key, String body, String contentType) {
            return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + key).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }
}
