package dev.tally.api.export;

import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.query.QueryParser;
import dev.tally.sql.ExportSql;
import dev.tally.sql.Param;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import dev.tally.store.Rows;
import dev.tally.support.GeneratedEvents;
import dev.tally.support.Poll;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk export jobs over real HTTP on the embedded engine: each partition's files, read back with
 * ClickHouse's own {@code file()} reader, are the partition's raw rows (counted independently from the
 * generated events); the manifest's sizes and SHA-256 match the downloaded bytes; a job stopped between
 * partitions, with a crash's leftovers planted, resumes into the same files as an uninterrupted run.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportJobTest {
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final Instant RESUME_END = GeneratedEvents.FIRST.plus(Duration.ofDays(24));

    @Inject
    EmbeddedServer server;
    @Inject
    ClickHouse clickHouse;
    @Inject
    TestWorkspaces workspaces;
    @Inject
    ObjectMapper json;
    @Inject
    ExportJobs jobs;

    final HttpClient http = HttpClient.newHttpClient();
    TestWorkspace business;
    TestWorkspace other;
    GeneratedEvents.Data data;

    @BeforeAll
    void generate() {
        business = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        other = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        data = GeneratedEvents.generate(29, 3_000, business.workspace().id());
        GeneratedEvents.insert(clickHouse, data);
    }

    @Test
    void dailyParquetFilesInTheRequestsZoneAreEachPartitionsRawRows() throws Exception {
        // 2026-03-08 is New York's 23-hour day (clocks go forward).
        ExportJobView job = finished(create("start=2026-03-05T00:00:00-05:00&end=2026-03-10T00:00:00-04:00&timezone=America/New_York"
                + "&format=parquet&partition=day", business));
        assertThat(job.status()).isEqualTo("completed");
        assertThat(job.files()).extracting(ExportJobFile::partition)
                .containsExactly("2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09");
        for (ExportJobFile file : job.files()) {
            LocalDate day = LocalDate.parse(file.partition());
            Instant start = day.atStartOfDay(NEW_YORK).toInstant();
            Instant end = day.plusDays(1).atStartOfDay(NEW_YORK).toInstant();
            assertThat(file.partition_start()).isEqualTo(start.toString());
            assertThat(file.partition_end()).isEqualTo(end.toString());
            assertThat(file.name()).isEqualTo("events-" + file.partition() + ".parquet");

            Path downloaded = download(job.id(), file.name(), business);
            assertThat(Files.size(downloaded)).isEqualTo(file.bytes());
            assertThat(sha256(downloaded)).isEqualTo(file.sha256());

            long independent = data.events().stream().filter(e -> !e.bot() && !e.timestamp().isBefore(start) && e.timestamp().isBefore(end)).count();
            Rows expected = rawRows(job, start, end);
            assertThat(expected.size()).isEqualTo(independent).isPositive();
            assertThat(file.rows()).isEqualTo(independent);
            Rows actual = clickHouse.query(new Sql("SELECT * FROM file({path:String}, 'Parquet') SETTINGS schema_inference_make_columns_nullable = 0",
                    Map.of("path", Param.string(downloaded.toString()))));
            assertThat(sorted(actual)).isEqualTo(sorted(expected));
        }
        assertThat(job.progress().partitions_done()).isEqualTo(5);
        assertThat(job.progress().partitions_total()).isEqualTo(5);
        assertThat(job.progress().rows()).isEqualTo(job.files().stream().mapToLong(ExportJobFile::rows).sum());
        assertThat(job.progress().bytes()).isEqualTo(job.files().stream().mapToLong(ExportJobFile::bytes).sum());
    }

    @Test
    void aPartitionOverTheSizeCapIsSplitInNumberedPartsThatTogetherAreItsRows() throws Exception {
        ExportJobView job = finished(create("start=2026-03-01&end=2026-03-03T00:00:00Z&format=csv&partition=day&max_file_bytes=8192", business));
        assertThat(job.status()).isEqualTo("completed");
        assertThat(job.files()).allSatisfy(file -> assertThat(file.bytes()).isLessThanOrEqualTo(8192));
        assertThat(job.files()).anySatisfy(file -> assertThat(file.parts()).isGreaterThan(1));
        for (String day : List.of("2026-03-01", "2026-03-02")) {
            List<ExportJobFile> parts = job.files().stream().filter(f -> f.partition().equals(day)).toList();
            assertThat(parts).extracting(ExportJobFile::part).containsExactlyElementsOf(
                    java.util.stream.IntStream.rangeClosed(1, parts.getFirst().parts()).boxed().toList());
            Instant start = Instant.parse(day + "T00:00:00Z");
            Instant end = start.plus(Duration.ofDays(1));
            Rows expected = rawRows(job, start, end);
            String structure = String.join(", ", expected.columns().stream().map(c -> c.name() + " " + c.type()).toList());
            List<String> actual = new java.util.ArrayList<>();
            for (ExportJobFile part : parts) {
                assertThat(part.name()).isEqualTo(String.format("events-%s.part-%04d-of-%04d.csv", day, part.part(), part.parts()));
                Path file = download(job.id(), part.name(), business);
                Rows read = clickHouse.query(new Sql("SELECT * FROM file({path:String}, 'CSVWithNames', {structure:String})",
                        Map.of("path", Param.string(file.toString()), "structure", Param.string(structure))));
                assertThat(read.size()).isEqualTo(part.rows());
                actual.addAll(sorted(read));
            }
            assertThat(actual.stream().sorted().toList()).isEqualTo(sorted(expected));
        }
    }

    @Test
    void aJobStoppedBetweenPartitionsResumesIntoTheSameFilesAsAnUninterruptedRun(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
        ExportJobSpec spec = new ExportJobSpec("exp_resume1", business.workspace().id(), "csv", "none", "day", "UTC",
                GeneratedEvents.FIRST.toString(), RESUME_END.toString(), Instant.now().toString(), 1 << 30,
                Map.of("event", List.of("all")), Instant.now().toString());
        QueryParser parser = new QueryParser(Clock.systemUTC());
        ExportSlots slots = new ExportSlots(new ExportConfiguration(2, 3, Duration.ofSeconds(30)));

        ExportJobStore whole = new ExportJobStore(temp.resolve("whole"), json);
        whole.create(spec);
        try (ExportJobRunner runner = new ExportJobRunner(clickHouse, parser, whole, new LocalDirectorySink(whole), slots, 1)) {
            runner.submit(spec.id());
            Poll.until(Duration.ofSeconds(30), () -> state(whole, spec.id()), s -> s.finished());
        }

        ExportJobStore interrupted = new ExportJobStore(temp.resolve("interrupted"), json);
        interrupted.create(spec);
        ExportJobRunner first = new ExportJobRunner(clickHouse, parser, interrupted, new LocalDirectorySink(interrupted), slots, 1);
        first.submit(spec.id());
        Poll.until(Duration.ofSeconds(30), () -> state(interrupted, spec.id()), s -> !s.files().isEmpty());
        first.close();
        ExportJobState stopped = interrupted.state(spec.id());
        assertThat(stopped.status()).isEqualTo("running");
        assertThat(stopped.files().size()).isLessThan(state(whole, spec.id()).files().size());
        // What a kill in the middle of a partition leaves: a temp file, and a file committed before the manifest listed it.
        Path folder = interrupted.folder(spec.id());
        Files.writeString(folder.resolve(".events-2026-03-10.csv.tmp"), "half a file");
        Files.writeString(folder.resolve("events-2026-03-10.csv"), "an unlisted file");

        try (ExportJobRunner second = new ExportJobRunner(clickHouse, parser, interrupted, new LocalDirectorySink(interrupted), slots, 1)) {
            second.resumeAll();
            Poll.until(Duration.ofSeconds(30), () -> state(interrupted, spec.id()), s -> s.finished());
        }
        ExportJobState resumed = interrupted.state(spec.id());
        ExportJobState uninterrupted = whole.state(spec.id());
        assertThat(resumed.status()).isEqualTo("completed");
        assertThat(resumed.files()).isEqualTo(uninterrupted.files());
        assertThat(resumed.files()).hasSize(24);
        assertThat(resumed.files().stream().mapToLong(ExportJobFile::rows).sum())
                .isEqualTo(data.events().stream().filter(e -> !e.bot() && e.timestamp().isBefore(RESUME_END)).count());
        for (ExportJobFile file : resumed.files()) {
            assertThat(Files.mismatch(folder.resolve(file.name()), whole.folder(spec.id()).resolve(file.name()))).isEqualTo(-1);
            assertThat(sha256(folder.resolve(file.name()))).isEqualTo(file.sha256());
        }
        try (var names = Files.list(folder)) {
            assertThat(names.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "partition=week|partition must be one of day, hour, got 'week'.",
            "max_file_bytes=big|max_file_bytes must be a whole number of bytes, got 'big'.",
            "max_file_bytes=100|max_file_bytes must be at least 4096, got 100.",
            "after=0|after does not apply to an export job",
            "format=xml|format must be one of csv, tsv, ndjson, parquet, arrow, got 'xml'.",
            "start=2020-01-01&end=2026-01-01T00:00:00Z&partition=hour|more than the 10000 a job may have",
            "start=tomorrow|start"})
    void badParametersAreNamed(String query, String message) {
        HttpResponse<String> answer = send("POST", "/api/v1/exports?" + query, business);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"code\":\"bad_request\"").contains(message);
    }

    @Test
    void anotherWorkspacesJobIsNotFoundLikeAnUnknownOne() throws Exception {
        ExportJobView job = finished(create("start=2026-03-01&end=2026-03-02T00:00:00Z&format=csv", business));
        String file = job.files().getFirst().name();
        for (String path : List.of("/api/v1/exports/" + job.id(), "/api/v1/exports/" + job.id() + "/files/" + file)) {
            HttpResponse<String> foreign = send("GET", path, other);
            assertThat(foreign.statusCode()).isEqualTo(404);
            assertThat(foreign.body()).contains("not_found").doesNotContain(file.substring(0, 5) + "x");
        }
        assertThat(send("GET", "/api/v1/exports/exp_unknown", business).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/exports/" + job.id() + "/files/job.json", business).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/exports/" + job.id() + "/files/..%2Fjob.json", business).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/exports/" + job.id() + "/files/" + file, business).statusCode()).isEqualTo(200);
    }

    @Test
    void deleteRemovesTheJobAndItsFilesAndAnotherWorkspaceGetsNotFound() throws Exception {
        ExportJobView job = finished(create("start=2026-03-01&end=2026-03-03T00:00:00Z&format=csv", business));
        String file = job.files().getFirst().name();
        Path folder = jobsDirectory().resolve(job.id());
        assertThat(folder.resolve(file)).exists();

        HttpResponse<String> foreign = send("DELETE", "/api/v1/exports/" + job.id(), other);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(send("DELETE", "/api/v1/exports/exp_unknown", other).body().replace("exp_unknown", job.id()));
        assertThat(folder.resolve(file)).exists();

        assertThat(send("DELETE", "/api/v1/exports/" + job.id(), business).statusCode()).isEqualTo(204);
        assertThat(folder).doesNotExist();
        assertThat(send("GET", "/api/v1/exports/" + job.id(), business).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/exports/" + job.id() + "/files/" + file, business).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/exports/" + job.id(), business).statusCode()).isEqualTo(404);
    }

    @Test
    void deletingARunningJobStopsItAndLeavesNothing() throws Exception {
        // 300 hourly partitions: still running when the delete arrives.
        ExportJobView job = create("start=2026-03-01&end=2026-03-13T12:00:00Z&format=csv&partition=hour", business);
        assertThat(send("DELETE", "/api/v1/exports/" + job.id(), business).statusCode()).isEqualTo(204);
        Path folder = jobsDirectory().resolve(job.id());
        assertThat(folder).doesNotExist();
        assertThat(send("GET", "/api/v1/exports/" + job.id(), business).statusCode()).isEqualTo(404);
    }

    @Test
    void theRetentionSweepDeletesFinishedJobsOlderThanTheRetentionOnly() throws Exception {
        ExportJobView job = finished(create("start=2026-03-01&end=2026-03-02T00:00:00Z&format=csv", business));
        Instant finishedAt = Instant.parse(finished(job).finished_at());
        assertThat(jobs.sweep(finishedAt.plus(Duration.ofDays(7)).minusSeconds(60))).doesNotContain(job.id());
        assertThat(send("GET", "/api/v1/exports/" + job.id(), business).statusCode()).isEqualTo(200);

        assertThat(jobs.sweep(finishedAt.plus(Duration.ofDays(7)).plusSeconds(1))).contains(job.id());
        assertThat(jobsDirectory().resolve(job.id())).doesNotExist();
        assertThat(send("GET", "/api/v1/exports/" + job.id(), business).statusCode()).isEqualTo(404);
    }

    private Path jobsDirectory() {
        return dev.tally.support.TestEngine.DATA_DIR.resolve("export-jobs");
    }

    private Rows rawRows(ExportJobView job, Instant start, Instant end) {
        ExportJobSpec spec = new ExportJobSpec(job.id(), business.workspace().id(), job.format(), job.compression(), job.partition(),
                job.time_zone(), job.start(), job.end(), job.ingested_until(), job.max_file_bytes(), Map.of(), job.created_at());
        var query = ExportJobRunner.query(new QueryParser(Clock.systemUTC()), spec).withRange(new dev.tally.query.TimeRange(start, end));
        return clickHouse.query(ExportSql.jobFile(query, Instant.parse(job.ingested_until()), 1, 0));
    }

    private ExportJobView create(String query, TestWorkspace workspace) throws IOException {
        HttpResponse<String> answer = send("POST", "/api/v1/exports?" + query, workspace);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        ExportJobView job = json.readValue(answer.body(), ExportJobView.class);
        assertThat(answer.headers().firstValue("Location")).contains("/api/v1/exports/" + job.id());
        return job;
    }

    private ExportJobView finished(ExportJobView job) {
        return Poll.until(Duration.ofSeconds(30), () -> {
            try {
                return json.readValue(send("GET", "/api/v1/exports/" + job.id(), business).body(), ExportJobView.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, j -> !j.status().equals("running"));
    }

    private Path download(String id, String name, TestWorkspace workspace) throws Exception {
        Path file = Files.createTempFile("job-", "-" + name);
        file.toFile().deleteOnExit();
        HttpResponse<Path> answer = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/api/v1/exports/" + id + "/files/" + name))
                .header("Authorization", "Bearer " + workspace.apiKey()).build(), HttpResponse.BodyHandlers.ofFile(file));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Disposition").orElseThrow()).contains(name);
        return file;
    }

    private HttpResponse<String> send(String method, String path, TestWorkspace workspace) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).header("Authorization", "Bearer " + workspace.apiKey())
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ExportJobState state(ExportJobStore store, String id) {
        try {
            return store.state(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static List<String> sorted(Rows rows) {
        return rows.rows().stream().map(Row::toString).sorted(Comparator.naturalOrder()).toList();
    }
}
