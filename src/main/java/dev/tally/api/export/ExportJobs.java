package dev.tally.api.export;

import dev.tally.api.error.ApiException;
import dev.tally.auth.Workspace;
import dev.tally.base.RandomIds;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.ParameterError;
import dev.tally.query.QueryException;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import dev.tally.store.ClickHouse;
import dev.tally.store.Compression;
import dev.tally.store.StoreConfiguration;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import dev.tally.api.error.ErrorCode;
import io.micronaut.serde.ObjectMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bulk export jobs: {@code POST /api/v1/exports} checks the request like the streaming export, fixes its
 * range and ingestion snapshot, persists it and queues it; jobs left unfinished by a stop or a crash resume
 * when Tally starts. A job of another workspace is not found, exactly like an unknown id.
 */
@Singleton
final class ExportJobs {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ExportJobs.class);
    /** How long a delete waits for a running job's runner to stop writing (it stops at its next buffer). */
    private static final Duration DELETE_WAIT = Duration.ofSeconds(10);
    private final QueryParser parser;
    private final ClickHouse clickHouse;
    private final SettledBound settledBound;
    private final ExportJobConfiguration configuration;
    private final ExportJobStore store;
    private final ExportSink sink;
    private final ExportJobRunner runner;

    ExportJobs(QueryParser parser, ClickHouse clickHouse, SettledBound settledBound, ExportJobConfiguration configuration,
               StoreConfiguration storeConfiguration, ObjectMapper json, ExportSlots slots) {
        this.parser = parser;
        this.clickHouse = clickHouse;
        this.settledBound = settledBound;
        this.configuration = configuration;
        Path directory = configuration.directory() != null ? configuration.directory() : storeConfiguration.dataDir().resolve("export-jobs");
        this.store = new ExportJobStore(directory, json);
        this.sink = new LocalDirectorySink(store);
        this.runner = new ExportJobRunner(clickHouse, parser, store, sink, slots, Math.max(1, configuration.concurrency()));
    }

    @EventListener
    void onStartup(StartupEvent event) throws IOException {
        store.deleteLeftovers();
        runner.resumeAll();
    }

    /** The retention sweep, every {@code tally.export.jobs.sweep-interval}. */
    @Scheduled(fixedDelay = "${tally.export.jobs.sweep-interval:1h}", initialDelay = "1m")
    void sweepOnSchedule() {
        sweep(Instant.now());
    }

    /**
     * Deletes every finished job (completed or failed) that finished more than {@code tally.export.jobs.retention}
     * before {@code now}, with its files; running jobs are kept whatever their age. Returns the ids deleted.
     */
    List<String> sweep(Instant now) {
        Instant cutoff = now.minus(configuration.retention());
        List<String> deleted = new java.util.ArrayList<>();
        try {
            for (String id : store.jobIds()) {
                ExportJobState state = store.state(id);
                if (state.finished() && state.finished_at() != null && Instant.parse(state.finished_at()).isBefore(cutoff)) {
                    store.delete(id);
                    deleted.add(id);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("export job retention sweep stopped: {}", e.getMessage());
        }
        if (!deleted.isEmpty()) {
            LOG.info("export job retention: deleted {} jobs finished before {}", deleted.size(), cutoff);
        }
        return deleted;
    }

    /** Deletes a job of this workspace and its files, stopping it first if it is being written. */
    void delete(String jobId, Workspace workspace) {
        owned(jobId, workspace);
        try {
            if (!runner.cancel(jobId, store.folder(jobId), DELETE_WAIT)) {
                throw new ApiException(ErrorCode.UNAVAILABLE, "Export job " + jobId + " is still stopping; retry the delete.");
            }
            store.delete(jobId);
        } catch (java.nio.file.NoSuchFileException gone) {
            throw ApiException.notFound("No export job " + jobId + ".");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete export job " + jobId, e);
        }
    }

    @PreDestroy
    void close() {
        runner.close();
    }

    ExportJobView create(Map<String, List<String>> parameters, Workspace workspace) {
        Map<String, List<String>> rest = new LinkedHashMap<>(parameters);
        for (String name : List.of("after", "until")) {
            if (rest.containsKey(name)) {
                throw new QueryException(ParameterError.NOT_APPLICABLE, name, name + " does not apply to an export job, which"
                        + " exports a time range; pull incrementally with GET /api/v1/events/export?after=.");
            }
        }
        ExportPartitioning partitioning = ExportRequest.single(rest, "partition").map(value -> switch (value) {
            case "day" -> ExportPartitioning.DAY;
            case "hour" -> ExportPartitioning.HOUR;
            default -> throw new QueryException(ParameterError.BAD_ENUM, "partition", "partition must be one of day, hour, got '" + value + "'.");
        }).orElse(ExportPartitioning.DAY);
        long maxFileBytes = ExportRequest.single(rest, "max_file_bytes").map(ExportJobs::fileBytes).orElse(configuration.maxFileBytes());
        if (maxFileBytes > configuration.maxFileBytes()) {
            throw new QueryException(ParameterError.LIMIT_TOO_LARGE, "max_file_bytes", "max_file_bytes must be at most "
                    + configuration.maxFileBytes() + ", got " + maxFileBytes + ".");
        }
        ExportRequest request = ExportRequest.parse(rest, List.of());
        AnalyticsQuery query = parser.parse(request.filters(), SurfaceRules.EXPORT, workspace.id(), workspace.timeZone());
        long partitions = partitioning.count(query.range(), query.timeZone());
        if (partitions > configuration.maxPartitions()) {
            throw new QueryException(ParameterError.RANGE_TOO_LARGE, "partition", "the range has about " + partitions + " "
                    + partitioning.publicName() + " partitions, more than the " + configuration.maxPartitions()
                    + " a job may have; narrow start/end or partition by day.");
        }
        ExportJobSpec spec = new ExportJobSpec("exp_" + RandomIds.base62(24), workspace.id(), ExportRequest.publicName(request.format()),
                request.compression().clickHouseName(), partitioning.publicName(), query.timeZone().getId(),
                query.range().start().toString(), query.range().end().toString(), settledBound.now().toString(), maxFileBytes,
                request.filters(), Instant.now().toString());
        try {
            store.create(spec);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the export job", e);
        }
        runner.submit(spec.id());
        return view(spec, ExportJobState.fresh());
    }

    ExportJobView status(String jobId, Workspace workspace) {
        ExportJobSpec spec = owned(jobId, workspace);
        try {
            return view(spec, store.state(jobId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A finished file of the job, with its manifest entry. */
    record Download(ExportJobSpec spec, ExportJobFile file, InputStream content) {
    }

    Download file(String jobId, String name, Workspace workspace) {
        ExportJobSpec spec = owned(jobId, workspace);
        try {
            ExportJobFile file = store.state(jobId).files().stream().filter(f -> f.name().equals(name)).findFirst()
                    .orElseThrow(() -> ApiException.notFound("Export job " + jobId + " has no finished file named '" + name + "'."));
            return new Download(spec, file, sink.open(jobId, name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ExportJobSpec owned(String jobId, Workspace workspace) {
        try {
            return store.spec(jobId).filter(spec -> spec.workspace_id().equals(workspace.id()))
                    .orElseThrow(() -> ApiException.notFound("No export job " + jobId + "."));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ExportJobView view(ExportJobSpec spec, ExportJobState state) {
        int total = ExportJobRunner.partitions(spec).size();
        int done = (int) state.files().stream().map(ExportJobFile::partition).distinct().count();
        long rows = state.files().stream().mapToLong(ExportJobFile::rows).sum();
        long bytes = state.files().stream().mapToLong(ExportJobFile::bytes).sum();
        Long eta = state.finished() ? null : runner.eta(spec.id(), done, total).map(Duration::toSeconds).orElse(null);
        return new ExportJobView(spec.id(), state.status(), spec.format(), spec.compression(), spec.partition(), spec.time_zone(),
                spec.start(), spec.end(), spec.ingested_until(), spec.max_file_bytes(), spec.created_at(), state.finished_at(),
                state.error(), new ExportJobView.Progress(rows, bytes, done, total, eta), state.files());
    }

    private static long fileBytes(String value) {
        long bytes;
        try {
            bytes = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new QueryException(ParameterError.BAD_NUMBER, "max_file_bytes", "max_file_bytes must be a whole number of bytes, got '" + value + "'.");
        }
        if (bytes < ExportJobConfiguration.MIN_FILE_BYTES) {
            throw new QueryException(ParameterError.BAD_NUMBER, "max_file_bytes", "max_file_bytes must be at least "
                    + ExportJobConfiguration.MIN_FILE_BYTES + ", got " + value + ".");
        }
        return bytes;
    }
}
