package dev.tally.ingest;

import dev.tally.auth.Workspace;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * The ingest pipeline: read lines → parse → validate (links in the workspace) → copy click attributes
 * for leads and sales → enrich → drop ids already stored → encode → one coalesced insert → acknowledge.
 * Nothing is inserted before the whole body has been read and checked against the size limits, so a
 * refused request writes nothing; the answer is given only after the insert has committed.
 */
@Singleton
public final class IngestService {
    private static final int CHUNK_LINES = 5_000;
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final IngestConfiguration configuration;
    private final EventValidator validator;
    private final EventEnricher enricher;
    private final ClickLookup clickLookup;
    private final EventIdLedger ledger;
    private final InsertBatcher batcher;
    private final IdempotencyKeys idempotencyKeys;
    private final Clock clock = Clock.systemUTC();

    public IngestService(IngestConfiguration configuration, EventValidator validator, EventEnricher enricher,
                         ClickLookup clickLookup, EventIdLedger ledger, InsertBatcher batcher,
                         IdempotencyKeys idempotencyKeys) {
        this.configuration = configuration;
        this.validator = validator;
        this.enricher = enricher;
        this.clickLookup = clickLookup;
        this.ledger = ledger;
        this.batcher = batcher;
        this.idempotencyKeys = idempotencyKeys;
    }

    /** One event of the given type ({@code /track/<type>}); a refused event throws {@link InvalidEventException}. */
    public IngestOutcome track(Workspace workspace, EventType type, byte[] body, @Nullable String idempotencyKey) {
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw new InvalidEventException(RejectionCode.INVALID_JSON, "the body must be one JSON object (it is empty)");
        }
        MessageDigest digest = sha256();
        digest.update(type.publicName().getBytes(StandardCharsets.UTF_8));
        IngestOutcome outcome = run(workspace, idempotencyKey, digest, new SingleSource(body, digest), Optional.of(type));
        if (!outcome.result().rejected().isEmpty()) {
            RejectedLine rejected = outcome.result().rejected().getFirst();
            throw new InvalidEventException(RejectionCode.valueOf(rejected.code().toUpperCase(java.util.Locale.ROOT)),
                    rejected.reason());
        }
        return outcome;
    }

    /** An NDJSON batch, read as it streams in; each line is accepted or rejected on its own. */
    public IngestOutcome batch(Workspace workspace, InputStream body, @Nullable String idempotencyKey) {
        MessageDigest digest = sha256();
        digest.update("batch".getBytes(StandardCharsets.UTF_8));
        LineReader reader = new LineReader(body, configuration.maxBatchBytes(), configuration.maxBatchLines(),
                configuration.maxLineBytes(), digest);
        return run(workspace, idempotencyKey, digest, new BatchSource(reader), Optional.empty());
    }

    private IngestOutcome run(Workspace workspace, @Nullable String idempotencyKey, MessageDigest digest, Source source,
                              Optional<EventType> type) {
        if (idempotencyKey == null) {
            return new IngestOutcome(process(workspace, source, type, null), false);
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
            IngestResult result = process(workspace, source, type, idempotencyKey);
            idempotencyKeys.remember(workspace.id(), idempotencyKey, hex(digest), result);
            return new IngestOutcome(result, false);
        } finally {
            idempotencyKeys.end(workspace.id(), idempotencyKey);
        }
    }

    private IngestResult process(Workspace workspace, Source source, Optional<EventType> type,
                                 @Nullable String idempotencyKey) {
        Instant now = clock.instant();
        Batch batch = new Batch(workspace.id(), new RowSpool());
        try {
            List<Numbered> chunk = new ArrayList<>(CHUNK_LINES);
            byte[] line;
            while ((line = source.next()) != null) {
                long lineNumber = source.lineNumber();
                if (line == LineReader.TOO_LONG) {
                    batch.reject(lineNumber, RejectionCode.LINE_TOO_LONG,
                            "the line is longer than " + configuration.maxLineBytes() + " bytes");
                    continue;
                }
                if (isBlank(line)) {
                    continue;
                }
                try {
                    EventInput input = validator.parse(line);
                    String defaultId = idempotencyKey == null ? EventIds.random()
                            : derivedId(workspace.id(), idempotencyKey, lineNumber);
                    ValidatedEvent event = validator.validate(workspace, input, type, defaultId, now);
                    chunk.add(new Numbered(lineNumber, event, event.clientEventId() || idempotencyKey != null));
                } catch (InvalidEventException e) {
                    batch.reject(lineNumber, e.code(), e.getMessage());
                }
                if (chunk.size() == CHUNK_LINES) {
                    addChunk(batch, chunk);
                    chunk.clear();
                }
            }
            addChunk(batch, chunk);
            commit(batch);
            return batch.result();
        } catch (RuntimeException e) {
            batch.releaseClaims();
            throw e;
        }
    }

    private void addChunk(Batch batch, List<Numbered> chunk) {
        if (chunk.isEmpty()) {
            return;
        }
        Set<String> clickIds = new HashSet<>();
        for (Numbered numbered : chunk) {
            if (numbered.event().type().followsClick() && !numbered.event().clickId().isEmpty()) {
                clickIds.add(numbered.event().clickId());
            }
        }
        Map<String, EventRow> clicks = clickIds.isEmpty() ? Map.of() : clickLookup.find(batch.workspaceId, clickIds);
        List<Numbered> kept = new ArrayList<>(chunk.size());
        List<String> checkedIds = new ArrayList<>();
        for (Numbered numbered : chunk) {
            ValidatedEvent event = numbered.event();
            if (event.type().followsClick() && event.link() == null && !clicks.containsKey(event.clickId())) {
                batch.reject(numbered.line(), RejectionCode.CLICK_NOT_FOUND, "click '" + event.clickId() + "' not found");
                continue;
            }
            kept.add(numbered);
            if (numbered.deduplicated()) {
                checkedIds.add(event.eventId());
            }
        }
        EventIdLedger.Claim claim = checkedIds.isEmpty() ? null : ledger.claim(batch.workspaceId, checkedIds);
        if (claim != null) {
            batch.claims.add(claim);
        }
        Set<String> fresh = claim == null ? Set.of() : new HashSet<>(claim.fresh());
        for (Numbered numbered : kept) {
            ValidatedEvent event = numbered.event();
            if (numbered.deduplicated() && !fresh.remove(event.eventId())) {
                if (claim.pending().containsKey(event.eventId())) {
                    batch.pending.put(numbered.line(), claim.pending().get(event.eventId()));
                } else {
                    batch.duplicates++;
                }
                batch.eventIds.add(event.eventId());
                continue;
            }
            EventRow click = event.type().followsClick() ? clicks.get(event.clickId()) : null;
            batch.spool.add(enricher.enrich(batch.workspaceId, event, click));
            batch.eventIds.add(event.eventId());
        }
    }

    private void commit(Batch batch) {
        CompletableFuture<Void> committed = batcher.submit(batch.spool.chunks(), batch.spool.rows());
        try {
            committed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestUnavailableException("interrupted while waiting for the insert", e);
        } catch (ExecutionException e) {
            throw new IngestUnavailableException("the events could not be stored: " + e.getCause().getMessage(), e.getCause());
        }
        for (EventIdLedger.Claim claim : batch.claims) {
            ledger.commit(claim);
        }
        batch.claims.clear();
        // Ids another request was writing: a duplicate if that request committed, else this line failed.
        for (Map.Entry<Long, CompletableFuture<Boolean>> pending : batch.pending.entrySet()) {
            if (Boolean.TRUE.equals(pending.getValue().join())) {
                batch.duplicates++;
            } else {
                batch.reject(pending.getKey(), RejectionCode.CONCURRENT_RETRY_FAILED,
                        "a concurrent request with the same event_id failed; retry this event");
            }
        }
    }

    private static String derivedId(String workspaceId, String idempotencyKey, long lineNumber) {
        MessageDigest digest = sha256();
        digest.update((workspaceId + '\n' + idempotencyKey + '\n' + lineNumber).getBytes(StandardCharsets.UTF_8));
        return "evt_" + HexFormat.of().formatHex(digest.digest(), 0, 16);
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
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

    private record Numbered(long line, ValidatedEvent event, boolean deduplicated) {
    }

    /** What one request has gathered so far. */
    private final class Batch {
        final String workspaceId;
        final RowSpool spool;
        final List<EventIdLedger.Claim> claims = new ArrayList<>();
        final Map<Long, CompletableFuture<Boolean>> pending = new HashMap<>();
        final List<RejectedLine> rejected = new ArrayList<>();
        final List<String> eventIds = new ArrayList<>();
        long rejectedCount;
        long duplicates;

        Batch(String workspaceId, RowSpool spool) {
            this.workspaceId = workspaceId;
            this.spool = spool;
        }

        void reject(long line, RejectionCode code, String reason) {
            rejectedCount++;
            if (rejected.size() < IngestResult.MAX_LISTED_REJECTIONS) {
                rejected.add(new RejectedLine(line, code.publicName(), reason));
            }
        }

        void releaseClaims() {
            for (EventIdLedger.Claim claim : claims) {
                ledger.release(claim);
            }
            claims.clear();
        }

        IngestResult result() {
            rejected.sort(java.util.Comparator.comparingLong(RejectedLine::line));
            return new IngestResult(spool.rows(), duplicates, rejectedCount, rejected,
                    eventIds.size() == 1 ? eventIds : List.of());
        }
    }

    /** Where lines come from: an NDJSON body, or the single JSON object of a track request. */
    private interface Source {
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

        SingleSource(byte[] body, MessageDigest digest) {
            this.body = body;
            digest.update(body);
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
