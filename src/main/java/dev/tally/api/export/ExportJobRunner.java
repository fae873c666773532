package dev.tally.api.export;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import dev.tally.query.TimeRange;
import dev.tally.sql.ExportSql;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Compression;
import dev.tally.store.ExportFormat;
import dev.tally.store.ExportStream;
import dev.tally.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs bulk export jobs in the background, {@code concurrency} at a time, each partition through the same
 * export machinery as {@code GET /api/v1/events/export} ({@link ClickHouse#export}: the engine encodes, Java
 * hashes and moves bytes). A partition is the unit of progress: its files are committed, then the manifest
 * lists them; a job stopped (shutdown) or killed resumes after the last partition its manifest lists.
 */
final class ExportJobRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExportJobRunner.class);
    /** A partition is split in at most this many parts, however small the cap. */
    static final int MAX_PARTS = 1024;
    private static final int ATTEMPTS = 5;
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final ClickHouse clickHouse;
    private final QueryParser parser;
    private final ExportJobStore store;
    private final ExportSink sink;
    private final ExportSlots slots;
    private final ExecutorService workers;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    /** Jobs being deleted: their runner stops at the next buffer and writes no more state. */
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

    /** This run of a job: when it (re)started and how many partitions were done then, for the ETA. */
    private record Live(Instant started, int partitionsAtStart) {
    }

    ExportJobRunner(ClickHouse clickHouse, QueryParser parser, ExportJobStore store, ExportSink sink, ExportSlots slots, int concurrency) {
        this.slots = slots;
        this.clickHouse = clickHouse;
        this.parser = parser;
        this.store = store;
        this.sink = sink;
        this.workers = Executors.newFixedThreadPool(concurrency, Thread.ofPlatform().daemon().name("export-job-", 0).factory());
    }

    void submit(String jobId) {
        workers.execute(() -> run(jobId));
    }

    /** Queues every job whose manifest says it is unfinished (after a restart or a crash). */
    void resumeAll() throws IOException {
        for (String id : store.jobIds()) {
            if (!store.state(id).finished()) {
                LOG.info("resuming export job {}", id);
                submit(id);
            }
        }
    }

    /** The estimated time left, once this run has finished a partition. */
    Optional<Duration> eta(String jobId, int partitionsDone, int partitionsTotal) {
        Live run = live.get(jobId);
        if (run == null || partitionsDone <= run.partitionsAtStart()) {
            return Optional.empty();
        }
        Duration elapsed = Duration.between(run.started(), Instant.now());
        return Optional.of(elapsed.multipliedBy(partitionsTotal - partitionsDone).dividedBy(partitionsDone - run.partitionsAtStart()));
    }

    /**
     * Stops a job's runner (if one writes it) and waits until it let go of the job's lock, so the caller
     * may remove the job's folder; {@code false} when the runner did not let go within {@code wait}.
     */
    boolean cancel(String jobId, java.nio.file.Path folder, Duration wait) throws IOException {
        cancelled.add(jobId);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try (JobLock lock = JobLock.take(folder)) {
                if (lock != null) {
                    return true;
                }
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    static AnalyticsQuery query(QueryParser parser, ExportJobSpec spec) {
        return parser.parse(spec.filters(), SurfaceRules.EXPORT, spec.workspace_id(), ZoneId.of(spec.time_zone()))
                .withRange(range(spec));
    }

    static TimeRange range(ExportJobSpec spec) {
        return new TimeRange(Instant.parse(spec.start()), Instant.parse(spec.end()));
    }

    static List<ExportPartitioning.Partition> partitions(ExportJobSpec spec) {
        return partitioning(spec).split(range(spec), ZoneId.of(spec.time_zone()));
    }

    static ExportPartitioning partitioning(ExportJobSpec spec) {
        return ExportPartitioning.valueOf(spec.partition().toUpperCase(Locale.ROOT));
    }

    private void run(String jobId) {
        ExportJobState state;
        ExportJobSpec spec;
        try {
            spec = store.spec(jobId).orElseThrow();
            state = store.state(jobId);
        } catch (IOException | RuntimeException e) {
            LOG.error("export job {} cannot be read", jobId, e);
            return;
        }
        if (state.finished()) {
            return;
        }
        try (JobLock lock = JobLock.take(store.folder(jobId))) {
            if (lock == null) {
                LOG.info("export job {} is being written by another runner; leaving it", jobId);
                return;
            }
            List<ExportPartitioning.Partition> partitions = partitions(spec);
            Set<String> done = state.files().stream().map(ExportJobFile::partition).collect(Collectors.toSet());
            live.put(jobId, new Live(Instant.now(), done.size()));
            // What a crash left of the partition it was writing goes before that partition is written again.
            sink.retainOnly(jobId, state.files().stream().map(ExportJobFile::name).collect(Collectors.toSet()));
            AnalyticsQuery query = query(parser, spec);
            for (ExportPartitioning.Partition partition : partitions) {
                if (done.contains(partition.label())) {
                    continue;
                }
                if (stopping || cancelled.contains(jobId)) {
                    return;
                }
                List<ExportJobFile> files = writePartition(spec, query.withRange(partition.range()), partition, state);
                state = state.with(files);
                store.save(jobId, state);
            }
            store.save(jobId, new ExportJobState(ExportJobState.COMPLETED, state.files(), null, Instant.now().toString()));
        } catch (IOException | RuntimeException e) {
            if (cancelled.contains(jobId)) {
                return; // deleted while it ran: nothing to record
            }
            LOG.warn("export job {} failed", jobId, e);
            try {
                store.save(jobId, new ExportJobState(ExportJobState.FAILED, state.files(),
                        "The job stopped: " + e.getMessage(), Instant.now().toString()));
            } catch (IOException ignored) {
                // The job stays running and is retried at the next start.
            }
        } finally {
            live.remove(jobId);
        }
    }

    /**
     * The partition's files: one, or, when it comes out larger than the cap, parts split by a hash of
     * {@code event_id} (as many as the first attempt's size asks for, doubled while a part is still over).
     */
    private List<ExportJobFile> writePartition(ExportJobSpec spec, AnalyticsQuery query, ExportPartitioning.Partition partition,
                                               ExportJobState state) throws IOException {
        int parts = 1;
        while (true) {
            List<ExportJobFile> files = new ArrayList<>();
            long overBytes = -1;
            for (int part = 0; part < parts && overBytes < 0; part++) {
                Sql sql = ExportSql.jobFile(query, Instant.parse(spec.ingested_until()), parts, part);
                String name = fileName(spec, partition, part, parts);
                Written written = write(spec, sql, name, parts < MAX_PARTS ? spec.max_file_bytes() : Long.MAX_VALUE);
                if (written == null) {
                    overBytes = spec.max_file_bytes() + 1;
                    continue;
                }
                long rows = clickHouse.query(ExportSql.rowCount(sql)).single().longValue("rows");
                files.add(new ExportJobFile(name, partition.label(), partition.range().start().toString(),
                        partition.range().end().toString(), part + 1, parts, rows, written.bytes(), written.sha256()));
            }
            if (overBytes < 0) {
                return files;
            }
            sink.retainOnly(spec.id(), state.files().stream().map(ExportJobFile::name).collect(Collectors.toSet()));
            parts = Math.min(MAX_PARTS, parts * 2);
        }
    }

    private record Written(long bytes, String sha256) {
    }

    /**
     * An OS lock on the job's folder while a runner writes it, so two runners on one jobs directory (two
     * instances, or two application contexts in one JVM) never write the same job at once.
     */
    private record JobLock(java.nio.channels.FileChannel channel, java.nio.channels.FileLock lock) implements AutoCloseable {
        static final String FILE = "job.lock";

        /** The lock, or {@code null} when another runner holds it. */
        static JobLock take(java.nio.file.Path folder) throws IOException {
            var channel = java.nio.channels.FileChannel.open(folder.resolve(FILE), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE);
            try {
                var lock = channel.tryLock();
                if (lock != null) {
                    return new JobLock(channel, lock);
                }
            } catch (java.nio.channels.OverlappingFileLockException heldInThisJvm) {
                // Another runner of this JVM writes the job.
            }
            channel.close();
            return null;
        }

        @Override
        public void close() throws IOException {
            lock.release();
            channel.close();
        }
    }

    /** Writes one file; {@code null} (nothing committed) when it grew past {@code cap}. */
    private Written write(ExportJobSpec spec, Sql sql, String name, long cap) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Runnable release = slot(spec);
            try (ExportSink.Upload upload = sink.begin(spec.id(), name);
                 ExportStream stream = clickHouse.export(sql, format(spec), compression(spec))) {
                MessageDigest sha = sha256();
                long bytes = 0;
                byte[] buffer = new byte[64 * 1024];
                try (OutputStream out = new DigestOutputStream(nonClosing(upload.stream()), sha)) {
                    for (int read; (read = stream.read(buffer)) >= 0; ) {
                        out.write(buffer, 0, read);
                        bytes += read;
                        if (cancelled.contains(spec.id())) {
                            throw new IOException("the job was deleted");
                        }
                        if (bytes > cap) {
                            return null;
                        }
                    }
                }
                upload.commit();
                return new Written(bytes, HexFormat.of().formatHex(sha.digest()));
            } catch (StoreException | IOException e) {
                if (attempt >= ATTEMPTS || stopping || cancelled.contains(spec.id())) {
                    throw e;
                }
                LOG.info("export job {} file {}: attempt {} failed ({}); retrying", spec.id(), name, attempt, e.getMessage());
                sleep();
            } finally {
                release.run();
            }
        }
    }

    /**
     * A slot among the instance's running exports, shared with {@code GET /api/v1/events/export}, so jobs and
     * streamed exports together never need more export connections than the engine has; a job waits for one
     * (a streamed export beyond the bound is a 429 instead).
     */
    private Runnable slot(ExportJobSpec spec) throws IOException {
        while (true) {
            try {
                return slots.take("export-job:" + spec.workspace_id());
            } catch (ExportBusyException busy) {
                if (stopping) {
                    throw new IOException("stopping while waiting for an export slot");
                }
                sleep();
            }
        }
    }

    static String fileName(ExportJobSpec spec, ExportPartitioning.Partition partition, int part, int parts) {
        ExportFormat format = format(spec);
        Compression compression = compression(spec);
        String split = parts == 1 ? "" : String.format(Locale.ROOT, ".part-%04d-of-%04d", part + 1, parts);
        return "events-" + partition.label().replace(':', '-') + split + "." + format.extension()
                + (compression == Compression.NONE ? "" : "." + compression.extension());
    }

    static ExportFormat format(ExportJobSpec spec) {
        return ExportFormat.valueOf(spec.format().toUpperCase(Locale.ROOT));
    }

    static Compression compression(ExportJobSpec spec) {
        return Compression.valueOf(spec.compression().toUpperCase(Locale.ROOT));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY_DELAY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the partitions being written; unfinished jobs stay {@code running} and resume at the next start. */
    @Override
    public void close() {
        stopping = true;
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
