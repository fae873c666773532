package dev.tally.ingest;

import dev.tally.auth.Workspace;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Bulk imports (ADR 0110): the upload is spooled to disk as sent, then read back — decompressed, parsed,
 * validated, enriched and inserted by the batch pipeline — one segment of lines at a time, by one import
 * thread. After each segment's insert has committed, the checkpoint records the last line done; a run
 * cut short (kill -9, engine down) resumes from it at the next start-up or the next upload with the same
 * token. Event ids default to ones derived from the token and the line number, and the first segment of a
 * resumed run is checked against stored events, so a resume neither doubles nor skips a line.
 */
@Singleton
public final class ImportService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);

    private final ImportFiles files;
    private final IngestService ingest;
    private final ImportConfiguration configuration;
    private final IngestConfiguration ingestConfiguration;
    private final JsonMapper json;
    private final Set<String> uploading = ConcurrentHashMap.newKeySet();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    // One import runs at a time: an import is a stream of large inserts already, and batches keep their share.
    private final ExecutorService runner = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("tally-import").factory());
    private volatile boolean stopping;

    ImportService(ImportFiles files, IngestService ingest, ImportConfiguration configuration, IngestConfiguration ingestConfiguration,
                  JsonMapper json, IngestShutdown shutdown) {
        this.files = files;
        this.ingest = ingest;
        this.configuration = configuration;
        this.ingestConfiguration = ingestConfiguration;
        this.json = json;
        shutdown.register(this);
    }

    /**
     * Starts the import of {@code body}, or answers the import this token already names: a repeat of a
     * running or finished import reads nothing and changes nothing; a failed one, or one whose upload never
     * completed, resumes (a failed one from its checkpoint, with its spooled body).
     */
    public ImportState start(Workspace workspace, String token, ImportFormat format, java.io.InputStream body) {
        String id = id(workspace.id(), token);
        if (!uploading.add(id)) {
            throw new IdempotencyConflictException(true, "an upload with this import token is still arriving");
        }
        try {
            Optional<ImportState> existing = files.load(id);
            if (existing.isPresent()) {
                ImportState state = existing.get();
                // Tricky: read the repeated file to its end (and drop it) before answering. An answer sent while
                // the client is still writing the body resets the connection, which clients report as a
                // network failure instead of this import's state.
                drain(body);
                if (state.status() == ImportStatus.FAILED) {
                    submit(state.id());
                }
                return state;
            }
            long size = files.spool(id, body, configuration.maxBytes());
            ImportState state = ImportState.started(id, workspace.id(), format, size, System.currentTimeMillis());
            files.save(state);
            submit(id);
            return state;
        } finally {
            uploading.remove(id);
        }
    }

    private static void drain(java.io.InputStream body) {
        try {
            body.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The caller's import with this id; another workspace's is as absent as a missing one. */
    public Optional<ImportState> find(Workspace workspace, String id) {
        if (!id.matches("imp_[0-9a-f]{32}")) {
            return Optional.empty();
        }
        return files.load(id).filter(state -> state.workspaceId().equals(workspace.id()));
    }

    /** The error report file of an import {@link #find} returned. */
    public java.nio.file.Path errorReport(ImportState state) {
        return files.errors(state.id());
    }

    /** Queues the imports {@link ImportResumer} found left running by a crash or a shutdown. */
    void resume(java.util.List<String> ids) {
        ids.forEach(this::submit);
    }

    @Override
    public void close() {
        stopping = true;
        runner.shutdownNow();
    }

    private void submit(String id) {
        if (queued.add(id)) {
            runner.execute(() -> {
                try {
                    run(id);
                } finally {
                    queued.remove(id);
                }
            });
        }
    }

    private void run(String id) {
        ImportState state = files.load(id).orElseThrow().newRun();
        files.save(state);
        // The pipeline reads only the workspace's id (links, click lookups, rows); a resumed run has no caller.
        Workspace workspace = new Workspace(state.workspaceId(), "", "", dev.tally.auth.Plan.FREE, java.time.ZoneOffset.UTC);
        String idKey = "import:" + id;
        try (ImportLines lines = new ImportLines(files.body(id), state.format(), ingestConfiguration.maxLineBytes());
             FileChannel errors = files.openErrors(id, state.errorBytes())) {
            while (lines.lineNumber() < state.linesDone() && lines.next() != null) {
                // skipping lines a committed segment holds
            }
            boolean checkStored = state.runs() > 1;
            while (!stopping) {
                SegmentSource segment = new SegmentSource(lines, configuration.segmentLines());
                IngestService.Segment done = ingest.importSegment(workspace, segment, idKey, checkStored);
                checkStored = false;
                // Durable: the segment's insert has committed; now the report, then the checkpoint.
                for (RejectedLine rejected : done.rejected()) {
                    byte[] line = json.writeValueAsBytes(new ImportError(rejected.line(), rejected.code(), rejected.reason()));
                    errors.write(ByteBuffer.wrap(line));
                    errors.write(ByteBuffer.wrap(new byte[]{'\n'}));
                }
                IngestResult result = done.result();
                state = state.checkpoint(state.rowsDone() + result.accepted() + result.duplicates(),
                        state.rowsRejected() + result.rejectedCount(), Math.max(state.bytesRead(), lines.bytesRead()),
                        lines.lineNumber(), errors.position());
                if (segment.ended) {
                    state = state.finished(ImportStatus.DONE, null, System.currentTimeMillis());
                    files.save(state);
                    return;
                }
                files.save(state);
            }
        } catch (IOException | RuntimeException e) {
            if (stopping) {
                return; // left running: resumed at the next start
            }
            LOG.warn("import {} failed at line {}: {}", id, state.linesDone(), e.getMessage());
            files.save(state.finished(ImportStatus.FAILED, message(e), System.currentTimeMillis()));
        }
    }

    private static String message(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() <= 300 ? message : message.substring(0, 297) + "...";
    }

    /** The import id a token names in a workspace: the same token, the same import. */
    static String id(String workspaceId, String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((workspaceId + '\n' + token).getBytes(StandardCharsets.UTF_8));
            return "imp_" + HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token for an import sent without one (it cannot be repeated). */
    public static String randomToken() {
        return UUID.randomUUID().toString();
    }

    /** Up to {@code max} lines of the import, then the segment ends; {@code ended} once the body has. */
    private static final class SegmentSource implements IngestService.Source {
        private final ImportLines lines;
        private final int max;
        private int taken;
        private boolean ended;

        SegmentSource(ImportLines lines, int max) {
            this.lines = lines;
            this.max = max;
        }

        @Override
        public byte[] next() {
            if (taken == max) {
                return null;
            }
            byte[] line = lines.next();
            if (line == null) {
                ended = true;
                return null;
            }
            taken++;
            return line;
        }

        @Override
        public long lineNumber() {
            return lines.lineNumber();
        }

        @Override
        public void drain() {
            throw new UnsupportedOperationException("an import segment is never replayed");
        }
    }
}
