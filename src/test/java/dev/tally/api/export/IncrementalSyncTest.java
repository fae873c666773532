package dev.tally.api.export;

import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.links.Link;
import dev.tally.support.EventFixtures;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Incremental pulls while several writers ingest big and small batches with late timestamps over HTTP:
 * consecutive pulls deliver every acknowledged event exactly once, and a pull repeated with its cursors
 * gives the same bytes.
 */
@MicronautTest
class IncrementalSyncTest {
    static final int WRITERS = 3;
    static final int[] BATCH_SIZES = {1, 4_000, 7, 250, 2, 1_500, 60, 1, 3, 2_500, 9, 1};
    static final int ROUNDS = 2 * 12;
    static final int MIN_PULLS = 20;

    @Inject
    EmbeddedServer server;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    EventFixtures fixtures;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void consecutivePullsDeliverEveryAcknowledgedEventExactlyOnce() throws Exception {
        TestWorkspace ws = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ, Scope.EVENTS_WRITE);
        Link link = fixtures.link(ws.workspace(), "https://example.com/sync");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                int next = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    int size = BATCH_SIZES[(round + writer) % BATCH_SIZES.length];
                    List<String> ids = new ArrayList<>(size);
                    StringBuilder body = new StringBuilder();
                    for (int i = 0; i < size; i++, next++) {
                        String id = "evt_sync_" + writer + "_" + next;
                        ids.add(id);
                        // Late events: timestamps spread over the last two years, so event time says nothing about ingestion order.
                        Instant timestamp = Instant.parse("2024-12-01T00:00:00Z").plusSeconds((next * 7919L + writer * 104729L) % 60_000_000L);
                        body.append("{\"event\":\"click\",\"event_id\":\"").append(id).append("\",\"link_id\":\"").append(link.id())
                                .append("\",\"timestamp\":\"").append(timestamp).append("\",\"country\":\"DE\",\"device\":\"mobile\"}\n");
                    }
                    HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(server.getURL() + "/api/v1/events/batch"))
                            .header("Authorization", "Bearer " + ws.apiKey()).header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                    assertThat(answer.body()).contains("\"accepted\":" + size);
                    acknowledged.addAll(ids);
                }
                return null;
            }));
        }
        Thread watcher = Thread.ofPlatform().start(() -> {
            for (Future<?> future : done) {
                try {
                    future.get();
                } catch (Exception e) {
                    // Asserted below.
                }
            }
            writing.set(false);
        });

        Map<String, Integer> pulled = new HashMap<>();
        List<Pull> pulls = new ArrayList<>();
        String cursor = "0";
        while (writing.get() || pulls.size() < MIN_PULLS) {
            Pull pull = pull(ws, cursor, null, "tsv");
            pulls.add(pull);
            pull.eventIds().forEach(id -> pulled.merge(id, 1, Integer::sum));
            cursor = pull.nextCursor();
            Thread.sleep(50);
        }
        watcher.join();
        for (Future<?> future : done) {
            future.get();
        }
        writers.shutdown();
        // Everything acknowledged has settled now: one more pull collects the rest, the next one is empty.
        Pull last = pull(ws, cursor, null, "tsv");
        last.eventIds().forEach(id -> pulled.merge(id, 1, Integer::sum));
        Pull empty = pull(ws, last.nextCursor(), null, "tsv");

        assertThat(pulls.size()).isGreaterThanOrEqualTo(MIN_PULLS);
        assertThat(pulls.stream().filter(p -> !p.eventIds().isEmpty()).count()).as("pulls that got events while writers wrote").isGreaterThan(2);
        assertThat(empty.eventIds()).isEmpty();
        assertThat(pulled.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList()).as("pulled twice").isEmpty();
        assertThat(pulled.keySet()).as("every acknowledged event, and nothing else").isEqualTo(acknowledged);
        int expected = 0;
        for (int writer = 0; writer < WRITERS; writer++) {
            for (int round = 0; round < ROUNDS; round++) {
                expected += BATCH_SIZES[(round + writer) % BATCH_SIZES.length];
            }
        }
        assertThat(acknowledged).hasSize(expected);

        // The same cursors give the same bytes, in every format (a retried download is the same file).
        Pull middle = pulls.stream().filter(p -> p.eventIds().size() > 1000).findFirst().orElseThrow();
        for (String format : List.of("tsv", "parquet", "ndjson")) {
            Pull first = pull(ws, middle.after(), middle.nextCursor(), format);
            Pull again = pull(ws, middle.after(), middle.nextCursor(), format);
            assertThat(again.bytes()).as(format).isEqualTo(first.bytes());
            assertThat(again.nextCursor()).isEqualTo(middle.nextCursor());
        }
        assertThat(pull(ws, middle.after(), middle.nextCursor(), "tsv").eventIds()).isEqualTo(middle.eventIds());
    }

    private Pull pull(TestWorkspace ws, String after, String until, String format) throws IOException, InterruptedException {
        String query = "format=" + format + "&after=" + after + (until == null ? "" : "&until=" + until);
        Path file = ExportDownloads.tempFile("." + format);
        HttpResponse<Path> response = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/api/v1/events/export?" + query))
                .header("Authorization", "Bearer " + ws.apiKey()).build(), HttpResponse.BodyHandlers.ofFile(file));
        assertThat(response.statusCode()).isEqualTo(200);
        String next = response.headers().firstValue(ExportController.NEXT_CURSOR).orElseThrow();
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        List<String> ids = new ArrayList<>();
        if (format.equals("tsv")) {
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            assertThat(lines.getFirst()).startsWith("event_id\tevent\ttimestamp\tingested_at\t");
            for (String line : lines.subList(1, lines.size())) {
                ids.add(line.substring(0, line.indexOf('\t')));
            }
        }
        return new Pull(after, next, Collections.unmodifiableList(ids), bytes);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Pull(String after, String nextCursor, List<String> eventIds, byte[] bytes) {
    }
}
