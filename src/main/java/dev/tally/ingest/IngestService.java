package dev.tally.ingest;

import dev.tally.auth.Workspace;
import dev.tally.query.EventType;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * The ingest pipeline: read lines → parse → validate (links in the workspace) → copy click attributes
 * for leads and sales → enrich → drop ids already stored → encode → one coalesced insert → acknowledge.
 * Nothing is inserted before the whole body has been read and checked against the size limits, so a
 * refused request writes nothing; the answer is given only after the insert has committed — for a {@code /track}
 * event, after its row is appended to the track journal, which inserts it in the background (ADR 0170).
 */
@Singleton
public final class IngestService {
    private static final int CHUNK_LINES = 5_000;
    // Chunks read but not yet parsed, per request: reading waits for the workers, so a 64 MiB body is never
    // held as a million line objects; what a batch keeps until its insert is its encoded rows (ADR 0110).
    private static final long TURN_WAIT_SECONDS = 30;
    private static final int CHUNKS_AHEAD = Math.max(2, Runtime.getRuntime().availableProcessors()) + 1;
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final IngestConfiguration configuration;
    private final ChunkProcessor chunks;
    private final EventIdLedger ledger;
    private final InsertBatcher batcher;
    private final IdempotencyKeys idempotencyKeys;
    private final IngestMetrics metrics;
    private final TrackJournal journal;
    private final boolean journalTracking;
    private final Clock clock = Clock.systemUTC();
    // Batches parsed and encoded at once in this process; more wait (unread) for a turn (ADR 0110).
    private final Semaphore batchTurns;
    // Chunks of a big batch are parsed, enriched and encoded in parallel. Platform threads: chunk work
    // may query ClickHouse (click and event-id lookups), which must not pin a virtual thread's carrier.
    private final ExecutorService workers = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), Thread.ofPlatform().daemon().name("tally-ingest-", 0).factory());

    IngestService(IngestConfiguration configuration, ChunkProcessor chunks, EventIdLedger ledger, InsertBatcher batcher,
                  IdempotencyKeys idempotencyKeys, IngestMetrics metrics, TrackJournal journal,
                  TrackJournalConfiguration journalConfiguration) {
        this.journal = journal;
        this.journalTracking = journalConfiguration.enabled();
        this.configuration = configuration;
        this.chunks = chunks;
        this.ledger = ledger;
        this.batcher = batcher;
        this.idempotencyKeys = idempotencyKeys;
        this.batchTurns = new Semaphore(configuration.maxConcurrentBatches(), true);
        this.metrics = metrics;
    }

    /** One event of the given type ({@code /track/<type>}); a refused event throws {@link InvalidEventException}. */
    public IngestOutcome track(Workspace workspace, EventType type, byte[] body, @Nullable String idempotencyKey) {
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw new InvalidEventException(RejectionCode.INVALID_JSON, "the body must be one JSON object (it is empty)");
        }
        // The request's hash only matters with an Idempotency-Key: unkeyed events (most /track traffic) skip it.
        MessageDigest digest = idempotencyKey == null ? null : sha256();
        if (digest != null) {
            digest.update(type.publicName().getBytes(StandardCharsets.UTF_8));
            digest.update(body);
        }
        IngestOutcome outcome = run(workspace, idempotencyKey, digest, new SingleSource(body), Optional.of(type), journalTracking);
        if (!outcome.result().rejected().isEmpty()) {
            RejectedLine rejected = outcome.result().rejected().getFirst();
            throw new InvalidEventException(rejected.code(), rejected.reason());
        }
        return outcome;
    }

    /** An NDJSON batch, read as it streams in; each line is accepted or rejected on its own. */
    public IngestOutcome batch(Workspace workspace, InputStream body, @Nullable String idempotencyKey) {
        MessageDigest digest = sha256();
        digest.update("batch".getBytes(StandardCharsets.UTF_8));
        LineReader reader = new LineReader(body, configuration.maxBatchBytes(), configuration.maxBatchLines(),
                configuration.maxLineBytes(), digest);
        // A batch waiting for its turn reads nothing, and a connection idle both ways is closed at 75 s: the
        // wait is bounded well below that, then the batch is refused unread (503, retry later).
        try {
            if (!batchTurns.tryAcquire(TURN_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IngestUnavailableException("this instance is processing " + configuration.maxConcurrentBatches()
                        + " batches already; retry in a few seconds", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestUnavailableException("interrupted while waiting for a turn", e);
        }
        try {
            return run(workspace, idempotencyKey, digest, new BatchSource(reader), Optional.empty(), false);
        } finally {
            batchTurns.release();
        }
    }

    /**
     * One segment of a bulk import: every line of {@code source} with ids derived from {@code idKey} and the
     * line number (so a resumed import writes the same ids), stored ones dropped when {@code checkStored};
     * returns the counts and every rejected line (not just the listed ones).
     */
    Segment importSegment(Workspace workspace, Source source, String idKey, boolean checkStored) {
        List<RejectedLine> all = new ArrayList<>();
        IngestResult result = process(workspace, source, Optional.empty(), idKey, checkStored, all, false);
        return new Segment(result, all);
    }

    record Segment(IngestResult result, List<RejectedLine> rejected) {
    }

    private IngestOutcome run(Workspace workspace, @Nullable String idempotencyKey, @Nullable MessageDigest digest, Source source,
                              Optional<EventType> type, boolean journaled) {
        if (idempotencyKey == null) {
            return new IngestOutcome(process(workspace, source, type, null, true, new ArrayList<>(), journaled), false);
        }
        if (!IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new InvalidEventException(RejectionCode.INVALID_FIELD,
                    "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces");
        }
        if (!idempotencyKeys.begin(workspace.id(), idempotencyKey)) {
            throw new IdempotencyConflictException(true, "a request with this Idempotency-Key is still being processed");
        }
        try {
            Optional<IdempotencyKeys.Stored> stored = idempotencyKeys.find(workspace.id(), idempotencyKey);
            if (stored.isPresent()) {
                source.drain();
                if (!stored.get().requestHash().equals(hex(digest))) {
                    throw new IdempotencyConflictException(false,
                            "this Idempotency-Key was used with a different request body; use a new key");
                }
                return new IngestOutcome(stored.get().result(), true);
            }
            // Keyed events are journaled too; the key's record is still written before the answer (ADR 0170).
            IngestResult result = process(workspace, source, type, idempotencyKey, true, new ArrayList<>(), journaled);
            idempotencyKeys.remember(workspace.id(), idempotencyKey, hex(digest), result);
            return new IngestOutcome(result, false);
        } finally {
            idempotencyKeys.end(workspace.id(), idempotencyKey);
        }
    }

    private IngestResult process(Workspace workspace, Source source, Optional<EventType> type,
                                 @Nullable String idempotencyKey, boolean checkStored, List<RejectedLine> allRejected,
                                 boolean journaled) {
        Instant now = clock.instant();
        List<CompletableFuture<ChunkResult>> submitted = new ArrayList<>();
        List<ChunkResult> results = new ArrayList<>();
        Semaphore ahead = new Semaphore(CHUNKS_AHEAD);
        try {
            List<ChunkProcessor.Line> lines = new ArrayList<>(CHUNK_LINES);
            byte[] line;
            while ((line = source.next()) != null) {
                lines.add(new ChunkProcessor.Line(source.lineNumber(), line));
                if (lines.size() == CHUNK_LINES) {
                    List<ChunkProcessor.Line> chunk = lines;
                    ahead.acquireUninterruptibly();
                    submitted.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return chunks.process(workspace, chunk, type, idempotencyKey, checkStored, now, configuration.maxLineBytes());
                        } finally {
                            ahead.release();
                        }
                    }, workers));
                    lines = new ArrayList<>(CHUNK_LINES);
                }
            }
            // The last (for a single event, the only) chunk runs on this thread while the others finish.
            results.add(chunks.process(workspace, lines, type, idempotencyKey, checkStored, now, configuration.maxLineBytes()));
            for (CompletableFuture<ChunkResult> future : submitted) {
                results.add(join(future));
            }
        } catch (RuntimeException e) {
            for (CompletableFuture<ChunkResult> future : submitted) {
                try {
                    ChunkResult result = future.join();
                    if (results.stream().noneMatch(each -> each == result)) {
                        results.add(result);
                    }
                } catch (RuntimeException ignored) {
                    // that chunk released its own claim
                }
            }
            release(results);
            throw e;
        }
        if (journaled) {
            journal(results.getFirst());
        } else {
            insert(results);
        }
        return answer(results, allRejected);
    }

    /**
     * A {@code /track} event: answered once its row is in the track journal (durable), inserted in the background
     * by {@link TrackJournalFlusher}; its id stays claimed in the ledger until then.
     */
    private void journal(ChunkResult result) {
        if (result.rowCount() == 0) {
            if (result.claim() != null) {
                ledger.commit(result.claim());
            }
            return;
        }
        TouchedDay day = result.touched().iterator().next();
        JournaledRow.SharedClaim claim = result.claim() == null ? null : new JournaledRow.SharedClaim(result.claim(), 1);
        try {
            journal.append(day.workspaceId(), result.eventIds().getFirst(), day.day(), result.rows(), claim)
                    .get(InsertBatcher.QUEUE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (TrackJournalFullException e) {
            release(List.of(result));
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestUnavailableException("interrupted while writing the track journal", e);
        } catch (java.util.concurrent.TimeoutException e) {
            // Still queued: it may yet be written (and then inserted), so its id stays claimed; unanswered, like a lost answer.
            throw new IngestUnavailableException("the track journal did not take the event in time", e);
        } catch (ExecutionException e) {
            release(List.of(result));
            throw new IngestUnavailableException("the event could not be journaled: " + e.getCause().getMessage(), e.getCause());
        }
        if (result.claim() != null) {
            ledger.durable(result.claim());
        }
    }

    private void insert(List<ChunkResult> results) {
        List<byte[]> rows = new ArrayList<>(results.size());
        long rowCount = 0;
        java.util.Set<TouchedDay> touched = new java.util.HashSet<>();
        for (ChunkResult result : results) {
            if (result.rowCount() > 0) {
                rows.add(result.rows());
                rowCount += result.rowCount();
                touched.addAll(result.touched());
            }
        }
        try {
            batcher.await(batcher.submit(rows, rowCount, touched));
            // Durable from here: the insert carrying these rows has returned. Anything that must happen
            // after durable and before the acknowledgement (e.g. a result-cache version bump) goes here.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(results);
            throw new IngestUnavailableException("interrupted while waiting for the insert", e);
        } catch (ExecutionException e) {
            release(results);
            throw new IngestUnavailableException("the events could not be stored: " + e.getCause().getMessage(), e.getCause());
        }
        for (ChunkResult result : results) {
            if (result.claim() != null) {
                ledger.commit(result.claim());
            }
        }
    }

    private IngestResult answer(List<ChunkResult> results, List<RejectedLine> allRejected) {
        long rowCount = 0;
        for (ChunkResult result : results) {
            rowCount += result.rowCount();
        }
        List<RejectedLine> rejected = new ArrayList<>();
        List<String> eventIds = new ArrayList<>();
        long duplicates = 0;
        for (ChunkResult result : results) {
            rejected.addAll(result.rejected());
            eventIds.addAll(result.eventIds());
            duplicates += result.duplicates();
            // Ids another request was writing: a duplicate if that request committed, else this line failed.
            for (Map.Entry<Long, CompletableFuture<Boolean>> pending : result.pending().entrySet()) {
                if (Boolean.TRUE.equals(pending.getValue().join())) {
                    duplicates++;
                } else {
                    rejected.add(new RejectedLine(pending.getKey(), RejectionCode.CONCURRENT_RETRY_FAILED,
                            "a concurrent request with the same event_id failed; retry this event"));
                }
            }
        }
        rejected.sort(Comparator.comparingLong(RejectedLine::line));
        allRejected.addAll(rejected);
        long rejectedCount = rejected.size();
        metrics.lines(rowCount, duplicates, rejectedCount);
        List<RejectedLine> listed = rejected.size() > IngestResult.MAX_LISTED_REJECTIONS
                ? rejected.subList(0, IngestResult.MAX_LISTED_REJECTIONS) : rejected;
        return new IngestResult(rowCount, duplicates, rejectedCount, listed, eventIds.size() == 1 ? eventIds : List.of());
    }

    private void release(List<ChunkResult> results) {
        for (ChunkResult result : results) {
            if (result.claim() != null) {
                ledger.release(result.claim());
            }
        }
    }

    private static ChunkResult join(CompletableFuture<ChunkResult> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Where lines come from: an NDJSON body, the single JSON object of a track request, an import segment. */
    interface Source {
        byte[] next();

        long lineNumber();

        void drain();
    }

    private record BatchSource(LineReader reader) implements Source {
        @Override
        public byte[] next() {
            return reader.next();
        }

        @Override
        public long lineNumber() {
            return reader.lineNumber();
        }

        @Override
        public void drain() {
            reader.drain();
        }
    }

    private static final class SingleSource implements Source {
        private byte[] body;

        SingleSource(byte[] body) {
            this.body = body;
        }

        @Override
        public byte[] next() {
            byte[] next = body;
            body = null;
            return next;
        }

        @Override
        public long lineNumber() {
            return 1;
        }

        @Override
        public void drain() {
            body = null;
        }
    }
}
