package dev.tally;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.support.Poll;
import dev.tally.support.TallyClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static dev.tally.support.ChildProcesses.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code /track} journal across kill -9 (ADR 0170): Tally (a child JVM) journals events it will not insert
 * on its own for ten minutes; one analytics query in the middle makes it insert what it held then (the read
 * barrier), so the segment being written holds rows already in {@code events} and rows that are not. SIGKILL,
 * a torn record appended to the last segment (a write the kill cut), restart on the same data directory:
 * every acknowledged event is stored exactly once, the torn record is dropped, and the journal is empty again.
 * Then SIGTERM with journaled events: the process exits within the 5 s budget and, started again, has them all once.
 */
class TrackJournalCrashTest {
    private static final String ADMIN_TOKEN = "track-journal-crash-admin-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void acknowledgedButNotInsertedEventsAreReplayedOnceAndATornRecordIsDropped() throws Exception {
        Path directory = Path.of("target", "track-journal-crash-" + UUID.randomUUID()).toAbsolutePath();
        int port = freePort();
        Process tally = start(directory, port);
        try {
            awaitHealthy(tally, port, directory);
            String key;
            String linkId;
            try (TallyClient admin = new TallyClient(uri(port, ""), ADMIN_TOKEN)) {
                String workspace = (String) admin.createWorkspace("business", "UTC").get("id");
                key = admin.issueKey(workspace);
                linkId = (String) admin.post("/api/v1/links", "application/json",
                        "{\"url\":\"https://example.com/journal\"}", key).ok().json().get("id");
            }
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> clients = new java.util.ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                clients.add(Thread.ofPlatform().start(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        String id = "evt_journal_" + client + "_" + n;
                        String body = "{\"event_id\":\"" + id + "\",\"link_id\":\"" + linkId + "\",\"timestamp\":\"2026-04-01T10:00:00Z\"}";
                        try {
                            HttpResponse<String> answer = http.send(post(port, "/api/v1/track/click", key, body), HttpResponse.BodyHandlers.ofString());
                            if (answer.statusCode() == 200) {
                                acknowledged.add(id);
                            }
                        } catch (IOException | InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
            Poll.until(Duration.ofSeconds(60), acknowledged::size, acked -> acked >= 200);
            // While tracking goes on: this query sees every event acknowledged before it, so those are inserted now.
            long countedMidway = clicks(port, key);
            int acknowledgedAfterQuery = acknowledged.size();
            Poll.until(Duration.ofSeconds(60), acknowledged::size, acked -> acked >= acknowledgedAfterQuery + 200);
            tally.destroyForcibly(); // SIGKILL while tracking, with journaled events not inserted
            assertThat(tally.waitFor(30, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            for (Thread client : clients) {
                client.join(10_000);
            }
            assertThat(countedMidway).isGreaterThanOrEqualTo(200).isLessThan(acknowledged.size());

            List<Path> segments = segments(directory);
            assertThat(segments).as("journal segments left by the kill").isNotEmpty();
            Path last = segments.getLast();
            byte[] torn = {0, 0, 1, 0, 0x12, 0x34, 0x56, 0x78, 0, 4, 'w', 's'}; // a 256-byte record cut after 12 bytes
            Files.write(last, torn, StandardOpenOption.APPEND);

            tally = start(directory, port);
            awaitHealthy(tally, port, directory);
            Map<String, Integer> stored = new HashMap<>();
            for (JsonNode event : export(port, key)) {
                stored.merge(event.get("event_id").asText(), 1, Integer::sum);
            }
            assertThat(stored.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).toList())
                    .as("stored twice").isEmpty();
            assertThat(acknowledged.stream().filter(id -> !stored.containsKey(id)).toList()).as("acknowledged, missing").isEmpty();
            assertThat(stored.keySet()).allMatch(id -> id.startsWith("evt_journal_"));
            assertThat(clicks(port, key)).isEqualTo(stored.size()); // the rollups got the replayed rows once too
            assertThat(Files.readString(directory.resolve("output.log"))).contains("dropped 12 bytes after its last whole record");
            Poll.until(Duration.ofSeconds(10), () -> segments(directory).size(), left -> left == 0);

            // SIGTERM with events journaled and not inserted: the shutdown writes them (or leaves them journaled).
            for (int n = 0; n < 100; n++) {
                String id = "evt_journal_term_" + n;
                HttpResponse<String> answer = http.send(post(port, "/api/v1/track/click", key,
                        "{\"event_id\":\"" + id + "\",\"link_id\":\"" + linkId + "\"}"), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                acknowledged.add(id);
            }
            long terminated = System.nanoTime();
            tally.destroy();
            assertThat(tally.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - terminated)).isLessThan(Duration.ofSeconds(5));
            tally = start(directory, port);
            awaitHealthy(tally, port, directory);
            Map<String, Integer> afterTerm = new HashMap<>();
            for (JsonNode event : export(port, key)) {
                afterTerm.merge(event.get("event_id").asText(), 1, Integer::sum);
            }
            assertThat(afterTerm.values()).as("stored twice after SIGTERM").allMatch(copies -> copies == 1);
            assertThat(acknowledged.stream().filter(id -> !afterTerm.containsKey(id)).toList()).as("acknowledged, missing after SIGTERM").isEmpty();
        } finally {
            tally.destroyForcibly();
            tally.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Process start(Path directory, int port) throws IOException {
        Files.createDirectories(directory);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                // Nothing is inserted on the journal's own schedule during the test: only a read makes it insert.
                "-Dtally.ingest.track-journal.flush-millis=600000", "-Dtally.ingest.track-journal.flush-rows=1000000",
                "-cp", System.getProperty("java.class.path"), Application.class.getName())
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("output.log").toFile()));
        builder.environment().put("TALLY_DATA_DIR", directory.resolve("data").toString());
        builder.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(port));
        builder.environment().put("TALLY_ADMIN_TOKEN", ADMIN_TOKEN);
        builder.environment().put("TALLY_RATE_LIMIT", "100000000");
        return builder.start();
    }

    private void awaitHealthy(Process tally, int port, Path directory) {
        Poll.until(Duration.ofSeconds(120), () -> {
            assertThat(tally.isAlive()).as("Tally exited while starting; see %s", directory.resolve("output.log")).isTrue();
            try {
                return http.send(HttpRequest.newBuilder(uri(port, "/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }, status -> status == 200);
    }

    private static List<Path> segments(Path directory) {
        Path journal = directory.resolve("data").resolve("tally-track-journal");
        try (Stream<Path> files = Files.list(journal)) {
            return files.filter(file -> file.getFileName().toString().startsWith("segment-")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long clicks(int port, String key) throws Exception {
        HttpResponse<String> answer = http.send(get(port, "/api/v1/analytics?event=clicks&interval=all&groupBy=count", key),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).get("clicks").asLong();
    }

    private List<JsonNode> export(int port, String key) throws Exception {
        HttpResponse<String> answer = http.send(get(port, "/api/v1/events/export?format=ndjson&event=all&interval=all_unfiltered", key),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<JsonNode> events = new java.util.ArrayList<>();
        for (String line : answer.body().split("\n")) {
            if (!line.isEmpty()) {
                events.add(JSON.readTree(line));
            }
        }
        return events;
    }

    private static HttpRequest get(int port, String path, String key) {
        return HttpRequest.newBuilder(uri(port, path)).header("Authorization", "Bearer " + key).build();
    }

    private static HttpRequest post(int port, String path, String key, String body) {
        return HttpRequest.newBuilder(uri(port, path)).header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
