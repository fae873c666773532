package dev.tally.api.ingest;

import dev.tally.auth.Plan;
import dev.tally.sql.Param;
import dev.tally.sql.Parameters;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import dev.tally.support.HttpAnswer;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent large batches (more than {@code tally.ingest.max-concurrent-batches} at once) keep the live
 * heap bounded (ADR 0110): sampled after a full GC every second while they run, it grows by less than
 * {@link #MAX_LIVE_GROWTH_PER_BODY} times the bodies' total size. Every batch is acknowledged with all of its
 * lines, and the table then holds each acknowledged event exactly once.
 */
@MicronautTest
@Property(name = "micronaut.http.client.read-timeout", value = "300s")
@Property(name = "micronaut.http.client.max-content-length", value = "104857600")
class BatchMemoryTest {
    private static final int BATCHES = 6;
    private static final int LINES = 25_000;
    /**
     * Measured 2.6× (ADR 0110), which includes this JVM's HTTP client copying the bodies it sends; a batch
     * holds about its body's size in encoded rows until its insert. A body turned into line objects and
     * parsed events (what the bound is about: "64 MiB must not become 1 GB") is 10× or more.
     */
    private static final double MAX_LIVE_GROWTH_PER_BODY = 4.0;

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    ClickHouse clickHouse;

    @Test
    void concurrentLargeBatchesStayWithinTheHeapBoundAndAreStoredExactlyOnce() throws Exception {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        List<byte[]> bodies = new ArrayList<>();
        long bodyBytes = 0;
        for (int batch = 0; batch < BATCHES; batch++) {
            bodies.add(body(batch));
            bodyBytes += bodies.getLast().length;
        }
        long baseline = liveHeap();
        AtomicLong peak = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (running.get()) {
                peak.accumulateAndGet(liveHeap(), Math::max);
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        List<HttpAnswer> answers = new ArrayList<>();
        try (ExecutorService senders = Executors.newFixedThreadPool(BATCHES)) {
            List<Future<HttpAnswer>> sent = new ArrayList<>();
            for (byte[] body : bodies) {
                sent.add(senders.submit(() -> HttpAnswer.send(client, HttpRequest.POST("/api/v1/events/batch", body)
                        .bearerAuth(ws.apiKey()).contentType(BatchController.NDJSON))));
            }
            for (Future<HttpAnswer> answer : sent) {
                answers.add(answer.get());
            }
        } finally {
            running.set(false);
            sampler.join();
        }

        for (HttpAnswer answer : answers) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json()).containsEntry("accepted", LINES).containsEntry("duplicates", 0);
        }
        Parameters parameters = new Parameters();
        Row stored = clickHouse.query(Sql.of("SELECT count() AS total, uniqExact(event_id) AS ids FROM events WHERE workspace_id = "
                + parameters.bind(Param.string(ws.workspace().id())), parameters)).single();
        assertThat(stored.longValue("total")).isEqualTo((long) BATCHES * LINES);
        assertThat(stored.longValue("ids")).isEqualTo((long) BATCHES * LINES);
        long growth = peak.get() - baseline;
        System.out.printf("BatchMemoryTest: %d batches, %,d body bytes, live heap growth %,d bytes (%.2f x bodies)%n",
                BATCHES, bodyBytes, growth, (double) growth / bodyBytes);
        assertThat(growth).as("peak live heap growth over %,d body bytes", bodyBytes)
                .isLessThan((long) (MAX_LIVE_GROWTH_PER_BODY * bodyBytes));
    }

    private static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static byte[] body(int batch) {
        StringBuilder out = new StringBuilder(LINES * 200);
        String[] agents = {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
                "curl/8.5.0"};
        for (int i = 0; i < LINES; i++) {
            out.append("{\"event\":\"view\",\"event_id\":\"evt_mem_").append(batch).append('_').append(i)
                    .append("\",\"page_id\":\"page_").append(i % 50).append("\",\"ip\":\"81.2.69.").append(i % 250)
                    .append("\",\"user_agent\":\"").append(agents[i % agents.length])
                    .append("\",\"timestamp\":\"2026-03-0").append(1 + i % 9).append("T12:00:00Z\"}\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
