package dev.tally.api.export;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import dev.tally.sql.ExportSql;
import dev.tally.sql.Param;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Compression;
import dev.tally.store.ExportFormat;
import dev.tally.store.ExportStream;
import dev.tally.store.Row;
import dev.tally.store.Rows;
import dev.tally.support.ClickHouseListener;
import dev.tally.support.GeneratedEvents;
import dev.tally.support.Poll;
import dev.tally.support.TallyClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streaming export on a ClickHouse server (Tally in server mode on the test {@link ClickHouseListener}),
 * over real HTTP: CSV and Parquet read back with ClickHouse's own {@code file()} reader (on this JVM's embedded
 * engine) equal the raw rows the server holds; incremental pulls deliver each new event once, and repeating
 * a pull with its cursors gives identical bytes.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerModeExportTest {
    static final String ADMIN_TOKEN = "export-admin-token-0123456789abcdef";

    @Inject
    ClickHouse embedded;

    final HttpClient http = HttpClient.newHttpClient();
    EmbeddedServer serverMode;
    ClickHouse server;
    TallyClient client;
    String workspaceId;
    String apiKey;

    @BeforeAll
    void start() {
        serverMode = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "tally.clickhouse.url", ClickHouseListener.shared().jdbcUrl("tally_export_" + UUID.randomUUID().toString().substring(0, 8)),
                "micronaut.server.port", -1,
                "tally.admin.token", ADMIN_TOKEN,
                "tally.export.server-sync-lag", "1s",
                // Its own jobs directory: two Tallies on one directory would both resume its unfinished jobs.
                "tally.export.jobs.directory", jobsDirectory()));
        server = serverMode.getApplicationContext().getBean(ClickHouse.class);
        assertThat(server.engine()).isEqualTo("server");
        client = new TallyClient(serverMode.getURI(), ADMIN_TOKEN);
        workspaceId = (String) client.createWorkspace("business", "UTC").get("id");
        apiKey = client.issueKey(workspaceId);
        GeneratedEvents.insert(server, GeneratedEvents.generate(41, 2_000, workspaceId));
    }

    private static String jobsDirectory() {
        try {
            return Files.createTempDirectory("server-mode-export-jobs").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (serverMode != null) {
            serverMode.getApplicationContext().close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"csv, CSVWithNames", "parquet, Parquet", "ndjson, JSONEachRow", "arrow, ArrowStream"})
    void everyFormatStreamsTheRawRows(String format, String clickHouseFormat) {
        Path file = ExportDownloads.tempFile("." + format);
        HttpResponse<Path> response = get("/api/v1/events/export?interval=all_unfiltered&format=" + format, HttpResponse.BodyHandlers.ofFile(file));
        assertThat(response.statusCode()).isEqualTo(200);
        Rows expected = server.query(ExportSql.build(query(Map.of("interval", List.of("all_unfiltered"))), Optional.empty()));
        assertThat(expected.size()).isGreaterThanOrEqualTo(2_000);
        assertThat(sorted(readBack(file, clickHouseFormat, expected))).isEqualTo(sorted(expected));
    }

    @Test
    void incrementalPullsDeliverEachNewEventOnceAndRepeatIdentically() throws Exception {
        // The setup's events are pulled once the configured server sync lag has passed.
        HttpResponse<byte[]> first = Poll.until(Duration.ofSeconds(30), () -> pull("0", null), answer -> lines(answer.body()).size() >= 2_000);
        assertThat(first.statusCode()).isEqualTo(200);
        String cursor = first.headers().firstValue(ExportController.NEXT_CURSOR).orElseThrow();
        assertThat(lines(first.body())).hasSize(2_000);

        GeneratedEvents.Data more = GeneratedEvents.generate(43, 300, workspaceId);
        GeneratedEvents.insert(server, more);
        // Pulls repeat with the same cursor until the new events are past the configured server sync lag.
        HttpResponse<byte[]> second = Poll.until(Duration.ofSeconds(30), () -> pull(cursor, null),
                answer -> lines(answer.body()).size() >= more.events().size());
        String next = second.headers().firstValue(ExportController.NEXT_CURSOR).orElseThrow();
        List<String> ids = lines(second.body()).stream().map(line -> line.replaceAll("^\\{\"event_id\":\"([^\"]+)\".*$", "$1")).toList();
        assertThat(ids).containsExactlyInAnyOrderElementsOf(more.events().stream().map(GeneratedEvents.Event::eventId).toList());

        assertThat(lines(pull(next, null).body())).isEmpty();
        assertThat(pull(cursor, next).body()).isEqualTo(second.body());
    }

    @Test
    void aJobWritesThePartitionsFromTheServer() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/exports?start=2026-03-01&end=2026-03-04T00:00:00Z&format=csv");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = (String) new TallyClient.Answer(created.statusCode(), created.body(), created).json().get("id");
        Map<String, Object> job = Poll.until(Duration.ofSeconds(30), () -> {
            HttpResponse<String> status = send("GET", "/api/v1/exports/" + id);
            return new TallyClient.Answer(status.statusCode(), status.body(), status).json();
        }, answer -> !answer.get("status").equals("running"));
        assertThat(job.get("status")).isEqualTo("completed");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files = (List<Map<String, Object>>) job.get("files");
        assertThat(files).hasSize(3);
        long rows = files.stream().mapToLong(f -> ((Number) f.get("rows")).longValue()).sum();
        Rows expected = server.query(ExportSql.build(query(Map.of("start", List.of("2026-03-01"), "end", List.of("2026-03-04T00:00:00Z"))), Optional.empty()));
        assertThat(rows).isEqualTo(expected.size()).isPositive();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"csv, gzip, CSVWithNames", "csv, zstd, CSVWithNames", "tsv, zstd, TSVWithNames", "ndjson, gzip, JSONEachRow"})
    void compressedTextExportsDecompressToTheRawRows(String format, String compression, String clickHouseFormat) throws IOException {
        String path = "/api/v1/events/export?interval=all_unfiltered&format=" + format;
        HttpResponse<byte[]> plain = get(path, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> compressed = get(path + "&compression=" + compression, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(compressed.statusCode()).as(new String(compressed.body())).isEqualTo(200);
        assertThat(compressed.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/" + compression);
        byte[] decompressed = decompress(compression, compressed.body());
        // Two exports of the same rows; the engine may read parts in another order.
        assertThat(new String(decompressed).lines().sorted().toList()).isEqualTo(new String(plain.body()).lines().sorted().toList());
        assertThat(compressed.body().length).isLessThan(plain.body().length / 3);
        Path file = ExportDownloads.tempFile("." + format);
        Files.write(file, decompressed);
        Rows expected = server.query(ExportSql.build(query(Map.of("interval", List.of("all_unfiltered"))), Optional.empty()));
        assertThat(sorted(readBack(file, clickHouseFormat, expected))).isEqualTo(sorted(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"NONE", "GZIP", "ZSTD"})
    void aServerFailureAfterTheFirstBytesMakesReadingThrowAndNeverEndsTheFile(Compression compression) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        // Far enough in that the server has sent its 200 and megabytes of rows before it fails.
        try (ExportStream stream = server.export(Sql.of("SELECT number, throwIf(number = 2000000, 'broken on purpose') AS broken"
                + " FROM numbers(3000000) SETTINGS max_block_size = 1000"), ExportFormat.CSV, compression)) {
            stream.start();
            byte[] buffer = new byte[8192];
            assertThatThrownBy(() -> {
                for (int read; (read = stream.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, read);
                }
            }).as("the server's chunked answer is cut off, or its failure block found").isInstanceOf(IOException.class);
        }
        byte[] body = compression == Compression.NONE ? received.toByteArray() : decompressPrefix(compression, received.toByteArray());
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(received.size()).as("rows arrived before the failure").isPositive();
        assertThat(text).doesNotContain("__exception__").doesNotContain("broken on purpose");
        assertThat(text.lines().filter(line -> !line.isEmpty()).count()).isLessThan(2_000_000);
        if (compression != Compression.NONE) {
            assertThatThrownBy(() -> decompress(compression.clickHouseName(), received.toByteArray()))
                    .as("the compressed bytes have no trailer: no reader takes them as a whole file").isInstanceOf(IOException.class);
        }
    }

    private static byte[] decompress(String compression, byte[] bytes) throws IOException {
        try (java.io.InputStream in = compression.equals("gzip") ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))
                : new com.github.luben.zstd.ZstdInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    /** What a reader gets out of a cut compressed stream before it notices the cut. */
    private static byte[] decompressPrefix(Compression compression, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.io.InputStream in = compression == Compression.GZIP ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))
                : new com.github.luben.zstd.ZstdInputStream(new java.io.ByteArrayInputStream(bytes))) {
            in.transferTo(out);
        } catch (IOException cut) {
            // expected: the stream ends without its trailer
        }
        return out.toByteArray();
    }

    private AnalyticsQuery query(Map<String, List<String>> parameters) {
        return new QueryParser(Clock.systemUTC()).parse(new LinkedHashMap<>(parameters), SurfaceRules.EXPORT, workspaceId, ZoneId.of("UTC"));
    }

    private Rows readBack(Path file, String format, Rows expected) {
        boolean typed = format.equals("Parquet") || format.equals("ArrowStream");
        String structure = String.join(", ", expected.columns().stream().map(c -> c.name() + " " + c.type()).toList());
        return embedded.query(typed
                ? new Sql("SELECT * FROM file({path:String}, {format:String}) SETTINGS schema_inference_make_columns_nullable = 0",
                Map.of("path", Param.string(file.toString()), "format", Param.string(format)))
                : new Sql("SELECT * FROM file({path:String}, {format:String}, {structure:String})",
                Map.of("path", Param.string(file.toString()), "format", Param.string(format), "structure", Param.string(structure))));
    }

    private HttpResponse<byte[]> pull(String after, String until) {
        return get("/api/v1/events/export?format=ndjson&after=" + after + (until == null ? "" : "&until=" + until), HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> get(String path, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(HttpRequest.newBuilder(serverMode.getURI().resolve(path)).header("Authorization", "Bearer " + apiKey).build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(String method, String path) {
        try {
            return http.send(HttpRequest.newBuilder(serverMode.getURI().resolve(path)).header("Authorization", "Bearer " + apiKey)
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static List<String> sorted(Rows rows) {
        return rows.rows().stream().map(Row::toString).sorted(Comparator.naturalOrder()).toList();
    }
}
