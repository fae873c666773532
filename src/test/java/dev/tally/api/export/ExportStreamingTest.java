package dev.tally.api.export;

import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.support.Poll;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A big export over real HTTP: the whole file arrives with the heap flat; a client that goes away cancels
 * the engine's statement; exports per key are bounded.
 */
@MicronautTest
@Property(name = "spec.name", value = "ExportStreamingTest")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportStreamingTest {
    static final long ROWS = 1_500_000;
    static final long HEAP_BOUND_BYTES = 64L << 20;
    /** The engine's process list, without this very statement (the pattern is split in two literals). */
    static final Sql RUNNING_EXPORTS = Sql.of("SELECT count() AS running FROM system.processes"
            + " WHERE query LIKE concat('%tally-', 'export-%') AND query NOT LIKE '%KILL QUERY%'");

    @Inject
    EmbeddedServer server;
    @Inject
    ClickHouse clickHouse;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    ExportOutcomes outcomes;

    TestWorkspace big;
    ExportDownloads downloads;

    @BeforeAll
    void generate() {
        big = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        BigWorkspace.fill(clickHouse, big.workspace().id(), ROWS);
        downloads = new ExportDownloads(server);
    }

    @Test
    void aBigExportArrivesWholeWithTheHeapFlat() throws IOException {
        long baseline = usedAfterGc();
        long peak = 0;
        long lines = 0;
        long bytes = 0;
        HttpResponse<InputStream> response = downloads.open("interval=all_unfiltered&format=tsv", big.apiKey());
        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[1 << 16];
            long nextSample = 0;
            int read;
            while ((read = body.read(buffer)) > 0) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                bytes += read;
                if (bytes >= nextSample) {
                    peak = Math.max(peak, usedAfterGc() - baseline);
                    nextSample += 32L << 20;
                }
            }
        }
        peak = Math.max(peak, usedAfterGc() - baseline);
        assertThat(lines).isEqualTo(ROWS + 1); // one header line
        assertThat(bytes).isGreaterThan(8 * HEAP_BOUND_BYTES / 2);
        assertThat(peak).as("live heap and direct buffers above idle while %d bytes streamed", bytes).isLessThan(HEAP_BOUND_BYTES);
    }

    @Test
    void aClientThatGoesAwayCancelsTheEnginesStatement() throws IOException {
        long cancelledBefore = outcomes.cancelledCount();
        HttpResponse<InputStream> response = downloads.open("interval=all_unfiltered&format=ndjson", big.apiKey());
        assertThat(response.statusCode()).isEqualTo(200);
        InputStream body = response.body();
        assertThat(body.readNBytes(1 << 20)).hasSize(1 << 20);
        assertThat(running()).as("the export runs while the client reads").isEqualTo(1);
        body.close();
        Poll.until(Duration.ofSeconds(20), this::running, count -> count == 0);
        assertThat(running()).isZero();
        // Stopped by the engine (QUERY_WAS_CANCELLED), not run to its end and thrown away.
        Poll.until(Duration.ofSeconds(20), outcomes::cancelledCount, count -> count > cancelledBefore);
        assertThat(outcomes.cancelledCount()).isEqualTo(cancelledBefore + 1);
        // Its slot is free again: the key can still run its two exports.
        assertThat(downloads.asText("interval=all_unfiltered&format=csv&device=tablet", big.apiKey()).statusCode()).isEqualTo(200);
    }

    @Test
    void exportsPerKeyAreBounded() throws IOException {
        TestWorkspace second = workspaces.addKey(big.workspace(), Scope.ANALYTICS_READ);
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                HttpResponse<InputStream> running = downloads.open("interval=all_unfiltered&format=csv", second.apiKey());
                assertThat(running.statusCode()).isEqualTo(200);
                open.add(running.body());
            }
            HttpResponse<String> third = downloads.asText("interval=all_unfiltered&format=csv", second.apiKey());
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.headers().firstValue("Retry-After")).isPresent();
            assertThat(third.body()).contains("\"code\":\"rate_limit_exceeded\"").contains("already runs 2 exports");
        } finally {
            for (InputStream body : open) {
                body.close();
            }
        }
        Poll.until(Duration.ofSeconds(20), this::running, count -> count == 0);
        assertThat(downloads.asText("interval=all_unfiltered&format=csv&device=tablet", second.apiKey()).statusCode()).isEqualTo(200);
    }

    @Test
    void anExportThatBreaksAfterItBeganIsAnAbortedResponseNotAShortFile() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        HttpResponse<InputStream> response = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.getURL() + "/test/export-breaking")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long[] received = {0};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            try (InputStream body = response.body()) {
                byte[] buffer = new byte[1 << 16];
                int read;
                while ((read = body.read(buffer)) > 0) {
                    received[0] += read;
                }
            }
        }).isInstanceOf(IOException.class);
        assertThat(received[0]).as("some rows arrived before the break").isPositive();
    }

    private long running() {
        return clickHouse.query(RUNNING_EXPORTS).single().longValue("running");
    }

    private static long usedAfterGc() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return runtime.totalMemory() - runtime.freeMemory() + direct;
    }
}
