package dev.tally.ingest;

import dev.tally.Application;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static dev.tally.support.ChildProcesses.java;
import static dev.tally.support.ChildProcesses.freePort;
import static dev.tally.support.ChildProcesses.uri;
import static dev.tally.support.ChildProcesses.group;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bulk import in a child Tally JVM, SIGKILLed mid-import (some segments committed, one in flight), then
 * Tally started again on the same data directory: the import resumes by itself and ends with every line
 * stored exactly once (each line's page_id is unique, so a double or a gap shows in the counts), every bad
 * line reported once, and a repeat of the upload answering the same finished import. The stored rows are
 * counted from an export of the workspace by the resumed Tally.
 */
class ImportCrashTest {
    private static final String ADMIN_TOKEN = "import-crash-admin-token";
    private static final int LINES = 120_000;
    private static final int BAD_EVERY = 9_973;
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ROWS_DONE = Pattern.compile("\"rows_done\"\\s*:\\s*(\\d+)");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aKilledImportResumesWithNoDoublesAndNoGaps() throws Exception {
        Path directory = Path.of("target", "import-crash-" + UUID.randomUUID()).toAbsolutePath();
        Files.createDirectories(directory);
        int port = freePort();
        byte[] file = file();
        long bad = (LINES - 1) / BAD_EVERY;

        Process first = start(directory, port, "first");
        String importId;
        String workspaceId;
        String key;
        long doneAtKill;
        try {
            awaitHealthy(port);
            String workspace = send(port, admin(port, "/api/v1/workspaces", "{\"name\":\"import crash\",\"plan\":\"business\"}")).body();
            workspaceId = group(ID, workspace);
            key = group(KEY, send(port, admin(port, "/api/v1/workspaces/" + workspaceId + "/keys",
                    "{\"name\":\"import\",\"scopes\":[\"events:write\",\"analytics:read\"]}")).body());
            HttpResponse<String> started = send(port, upload(port, key, file));
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            importId = group(ID, started.body());
            doneAtKill = awaitRowsDone(port, key, importId, 20_000);
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, the import's segment in flight is cut off
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(doneAtKill).as("killed mid-import").isLessThan(LINES - bad);

        Process second = start(directory, port, "second");
        String finalStatus;
        String report;
        String repeat;
        String stored;
        try {
            awaitHealthy(port);
            finalStatus = awaitStatus(port, key, importId);
            report = send(port, get(port, key, "/api/v1/events/import/" + importId + "/errors")).body();
            repeat = send(port, upload(port, key, file)).body();
            stored = send(port, get(port, key, "/api/v1/events/export?format=csv&start=2026-01-31T00:00:00Z&end=2026-02-09T00:00:00Z")).body();
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
            second.destroyForcibly();
        }
        assertThat(group(STATUS, finalStatus)).as(finalStatus).isEqualTo("done");
        assertThat(Long.parseLong(group(ROWS_DONE, finalStatus))).isEqualTo(LINES - bad);
        assertThat(finalStatus).contains("\"rows_rejected\":" + bad);
        Set<String> reportedLines = new HashSet<>();
        for (String line : report.split("\n")) {
            if (!line.isBlank()) {
                assertThat(reportedLines.add(line)).as("reported once: " + line).isTrue();
            }
        }
        assertThat(reportedLines).hasSize((int) bad);
        assertThat(group(ID, repeat)).isEqualTo(importId);
        assertThat(group(STATUS, repeat)).isEqualTo("done");

        long[] counts = count(stored);
        assertThat(counts).as("rows, distinct ids, distinct lines").containsExactly(LINES - bad, LINES - bad, LINES - bad);
    }

    /** NDJSON, one view a line with a page id naming the line; a third carry their own event_id; some lines bad. */
    private static byte[] file() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            StringBuilder lines = new StringBuilder();
            for (int line = 1; line <= LINES; line++) {
                if (line % BAD_EVERY == 0) {
                    lines.append("{\"event\":\"view\"}\n");
                } else {
                    lines.append("{\"event\":\"view\",\"page_id\":\"line_").append(line).append('"');
                    if (line % 3 == 0) {
                        lines.append(",\"event_id\":\"evt_crash_").append(line).append('"');
                    }
                    lines.append(",\"ip\":\"81.2.69.").append(line % 250).append("\",\"timestamp\":\"2026-02-0")
                            .append(1 + line % 7).append("T0").append(line % 10).append(":00:00Z\"}\n");
                }
                if (lines.length() > 1 << 20) {
                    gzip.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                    lines.setLength(0);
                }
            }
            gzip.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private long awaitRowsDone(int port, String key, String id, long atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            String body = send(port, get(port, key, "/api/v1/events/import/" + id)).body();
            long done = Long.parseLong(group(ROWS_DONE, body));
            assertThat(group(STATUS, body)).as(body).isEqualTo("running");
            if (done >= atLeast) {
                return done;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the import did not reach " + atLeast + " rows");
    }

    private String awaitStatus(int port, String key, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            String body = send(port, get(port, key, "/api/v1/events/import/" + id)).body();
            if (!"running".equals(group(STATUS, body))) {
                return body;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the resumed import did not finish");
    }

    /** Rows, distinct event ids and distinct page ids (one per line) of an exported CSV, counted here. */
    private static long[] count(String csv) {
        String[] lines = csv.split("\n");
        List<String> header = List.of(lines[0].replace("\"", "").split(","));
        int eventId = header.indexOf("event_id");
        int pageId = header.indexOf("page_id");
        assertThat(eventId).as(lines[0]).isNotNegative();
        assertThat(pageId).as(lines[0]).isNotNegative();
        Set<String> ids = new HashSet<>();
        Set<String> pages = new HashSet<>();
        long rows = 0;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = lines[i].split(",", -1);
            ids.add(cells[eventId]);
            pages.add(cells[pageId]);
            rows++;
        }
        return new long[]{rows, ids.size(), pages.size()};
    }

    private static Process start(Path directory, int port, String name) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(java(), "--enable-native-access=ALL-UNNAMED", "-Xmx768m",
                "-Dtally.imports.segment-lines=10000", "-cp", System.getProperty("java.class.path"), Application.class.getName())
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve(name + ".log").toFile());
        builder.environment().put("TALLY_DATA_DIR", directory.resolve("data").toString());
        builder.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(port));
        builder.environment().put("TALLY_ADMIN_TOKEN", ADMIN_TOKEN);
        return builder.start();
    }

    private void awaitHealthy(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                if (send(port, HttpRequest.newBuilder(uri(port, "/health")).build()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Tally did not become healthy");
    }

    private HttpResponse<String> send(int port, HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest admin(int port, String path, String body) {
        return HttpRequest.newBuilder(uri(port, path)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest upload(int port, String key, byte[] file) {
        return HttpRequest.newBuilder(uri(port, "/api/v1/events/import")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/x-ndjson").header("Content-Encoding", "gzip")
                .header("Idempotency-Key", "crash-file-1").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build();
    }

    private static HttpRequest get(int port, String key, String path) {
        return HttpRequest.newBuilder(uri(port, path)).header("Authorization", "Bearer " + key).build();
    }
}
