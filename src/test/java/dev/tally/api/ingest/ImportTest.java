package dev.tally.api.ingest;

import com.github.luben.zstd.Zstd;
import dev.tally.auth.Plan;
import dev.tally.sql.Param;
import dev.tally.sql.Parameters;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import dev.tally.support.EventRows;
import dev.tally.support.HttpAnswer;
import dev.tally.support.Poll;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk import through real HTTP into the real embedded engine (ADR 0110): gzip and zstd, NDJSON and CSV,
 * the per-line error report, a repeated token, and another workspace. Segments of 1,000 lines make every
 * file below span several committed segments. Counts are checked against the generated lines.
 */
@MicronautTest
@Property(name = "tally.imports.segment-lines", value = "1000")
@Property(name = "micronaut.http.client.read-timeout", value = "60s")
class ImportTest {
    private static final Duration DONE_WITHIN = Duration.ofSeconds(90);

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    ClickHouse clickHouse;

    @Test
    void gzipNdjsonIsStoredLineForLineAndBadLinesGoToTheErrorReport() throws IOException {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        StringBuilder file = new StringBuilder();
        Map<String, Long> perPage = new HashMap<>();
        for (int line = 1; line <= 3_500; line++) {
            switch (line) {
                case 7 -> file.append("{\"event\":\"view\",\"page_id\":\n");
                case 1_500 -> file.append("{\"event\":\"visit\",\"page_id\":\"p\"}\n");
                case 3_001 -> file.append("{\"event\":\"view\",\"page_id\":\"p\",\"timestamp\":\"yesterday\"}\n");
                default -> {
                    String page = "page_" + line % 9;
                    perPage.merge(page, 1L, Long::sum);
                    file.append("{\"event\":\"view\",\"page_id\":\"").append(page).append("\",\"ip\":\"81.2.69.").append(line % 200)
                            .append("\",\"timestamp\":\"2026-03-0").append(1 + line % 5).append("T10:00:00Z\"}\n");
                }
            }
        }
        HttpAnswer started = post(ws, gzip(file.toString()), "application/gzip", "?format=ndjson", "gzip-ndjson");

        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json()).containsOnlyKeys("id", "status", "rows_done", "rows_rejected", "bytes_read")
                .containsEntry("status", "running");
        Map<String, Object> done = awaitDone(ws, (String) started.json().get("id"));
        assertThat(done).containsEntry("status", "done").containsEntry("rows_done", 3_497).containsEntry("rows_rejected", 3)
                .containsEntry("error_report", "/api/v1/events/import/" + started.json().get("id") + "/errors");
        assertThat(((Number) done.get("bytes_read")).longValue()).isEqualTo(((Number) done.get("bytes_total")).longValue());
        assertThat(countsPerPage(ws)).isEqualTo(perPage);

        List<String> report = errorReport(ws, (String) started.json().get("id"));
        assertThat(report).hasSize(3);
        assertThat(report.get(0)).startsWith("{\"line\":7,\"code\":\"invalid_json\",\"message\":\"invalid JSON");
        assertThat(report.get(1)).startsWith("{\"line\":1500,\"code\":\"unknown_event_type\",\"message\":\"unknown event type 'visit'");
        assertThat(report.get(2)).startsWith("{\"line\":3001,\"code\":\"bad_timestamp\"");
    }

    @Test
    void zstdCsvWithAHeaderIsStoredAsTheSameEvents() {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        StringBuilder file = new StringBuilder("event,page_id,ip,timestamp,metadata\n");
        Map<String, Long> perPage = new HashMap<>();
        for (int line = 2; line <= 2_600; line++) {
            if (line == 2_000) {
                file.append("view,,81.2.69.1,2026-03-01T10:00:00Z,\n"); // a view without page_id
                continue;
            }
            String page = "csv_" + line % 4;
            perPage.merge(page, 1L, Long::sum);
            file.append("view,").append(page).append(",81.2.69.").append(line % 100).append(",2026-03-02T11:00:00Z,")
                    .append(line % 2 == 0 ? "\"{\"\"source\"\":\"\"csv\"\"}\"" : "").append('\n');
        }
        byte[] compressed = Zstd.compress(file.toString().getBytes(StandardCharsets.UTF_8));
        HttpAnswer started = post(ws, compressed, "text/csv", "", "zstd-csv",
                request -> request.header("Content-Encoding", "zstd"));

        assertThat(started.status()).as(started.body()).isEqualTo(202);
        Map<String, Object> done = awaitDone(ws, (String) started.json().get("id"));
        assertThat(done).containsEntry("status", "done").containsEntry("rows_done", 2_598).containsEntry("rows_rejected", 1);
        assertThat(countsPerPage(ws)).isEqualTo(perPage);
        assertThat(errorReport(ws, (String) started.json().get("id")))
                .containsExactly("{\"line\":2000,\"code\":\"invalid_field\",\"message\":\"a view needs page_id\"}");
        Parameters parameters = new Parameters();
        Row metadata = clickHouse.query(Sql.of("SELECT countIf(metadata = '{\"source\":\"csv\"}') AS tagged FROM events WHERE workspace_id = "
                + parameters.bind(Param.string(ws.workspace().id())), parameters)).single();
        assertThat(metadata.longValue("tagged")).isEqualTo(1_299);
    }

    @Test
    void theSameTokenNamesTheSameImportAndNeverStoresTwice() {
        TestWorkspace ws = workspaces.create(Plan.PRO);
        StringBuilder file = new StringBuilder();
        for (int line = 1; line <= 1_200; line++) {
            file.append("{\"event\":\"view\",\"page_id\":\"again\"}\n");
        }
        byte[] body = file.toString().getBytes(StandardCharsets.UTF_8);
        HttpAnswer first = post(ws, body, BatchController.NDJSON, "", "same-file");
        awaitDone(ws, (String) first.json().get("id"));
        HttpAnswer repeat = post(ws, body, BatchController.NDJSON, "?token=same-file", null);

        assertThat(repeat.status()).isEqualTo(202);
        assertThat(repeat.json()).containsEntry("id", first.json().get("id")).containsEntry("status", "done")
                .containsEntry("rows_done", 1_200);
        assertThat(EventRows.count(clickHouse, ws.workspace().id())).isEqualTo(1_200);
    }

    @Test
    void anotherWorkspacesImportIsNotFoundAndABadFormatIsRefused() {
        TestWorkspace owner = workspaces.create(Plan.PRO);
        TestWorkspace other = workspaces.create(Plan.PRO);
        HttpAnswer started = post(owner, "{\"event\":\"view\",\"page_id\":\"x\"}\n".getBytes(StandardCharsets.UTF_8),
                BatchController.NDJSON, "", "mine");
        String id = (String) started.json().get("id");
        awaitDone(owner, id);

        HttpAnswer foreign = get(other, "/api/v1/events/import/" + id);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.error()).containsEntry("code", "import_not_found");
        assertThat(get(other, "/api/v1/events/import/" + id + "/errors").status()).isEqualTo(404);
        HttpAnswer badFormat = post(owner, new byte[]{'x'}, BatchController.NDJSON, "?format=xml", "xml");
        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(badFormat.error()).containsEntry("code", "invalid_format");
    }

    private Map<String, Long> countsPerPage(TestWorkspace ws) {
        Map<String, Long> counts = new HashMap<>();
        for (Row row : EventRows.of(clickHouse, ws.workspace().id())) {
            counts.merge(row.string("page_id"), 1L, Long::sum);
        }
        return counts;
    }

    private Map<String, Object> awaitDone(TestWorkspace ws, String id) {
        return Poll.until(DONE_WITHIN, () -> get(ws, "/api/v1/events/import/" + id).json(),
                status -> !"running".equals(status.get("status")));
    }

    private List<String> errorReport(TestWorkspace ws, String id) {
        HttpAnswer report = get(ws, "/api/v1/events/import/" + id + "/errors");
        assertThat(report.status()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        for (String line : report.body().split("\n")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private HttpAnswer get(TestWorkspace ws, String path) {
        return HttpAnswer.send(client, HttpRequest.GET(path).bearerAuth(ws.apiKey()));
    }

    private HttpAnswer post(TestWorkspace ws, byte[] body, String contentType, String query, String token) {
        return post(ws, body, contentType, query, token, request -> request);
    }

    private HttpAnswer post(TestWorkspace ws, byte[] body, String contentType, String query, String token,
                            java.util.function.UnaryOperator<MutableHttpRequest<byte[]>> extra) {
        MutableHttpRequest<byte[]> request = HttpRequest.POST("/api/v1/events/import" + query, body)
                .bearerAuth(ws.apiKey()).contentType(contentType);
        if (token != null) {
            request.header("Idempotency-Key", token);
        }
        return HttpAnswer.send(client, extra.apply(request));
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
