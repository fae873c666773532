package dev.tally.ingest;

import dev.tally.auth.Workspace;
import dev.tally.query.EventType;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

/**
 * One chunk of a request's lines → {@link ChunkResult}: parse, validate (links in the workspace), look up
 * the clicks leads and sales follow, claim client event ids, enrich and encode the new rows. Chunks of
 * one request run in parallel; nothing here writes to the events table.
 */
@Singleton
final class ChunkProcessor {
    private final EventValidator validator;
    private final EventEnricher enricher;
    private final ClickLookup clickLookup;
    private final EventIdLedger ledger;

    ChunkProcessor(EventValidator validator, EventEnricher enricher, ClickLookup clickLookup, EventIdLedger ledger) {
        this.validator = validator;
        this.enricher = enricher;
        this.clickLookup = clickLookup;
        this.ledger = ledger;
    }

    /** A line of the body and its 1-based number; {@link LineReader#TOO_LONG} for an over-long line. */
    record Line(long number, byte[] bytes) {
    }

    /**
     * {@code checkStored}: whether ids derived from the idempotency key are checked against stored events
     * (client event ids always are); a bulk import skips it for segments no earlier run can have written.
     */
    ChunkResult process(Workspace workspace, List<Line> lines, Optional<EventType> type,
                        @Nullable String idempotencyKey, boolean checkStored, Instant now, int maxLineBytes) {
        List<RejectedLine> rejected = new ArrayList<>();
        List<Numbered> valid = new ArrayList<>(lines.size());
        for (Line line : lines) {
            if (line.bytes() == LineReader.TOO_LONG) {
                rejected.add(new RejectedLine(line.number(), RejectionCode.LINE_TOO_LONG,
                        "the line is longer than " + maxLineBytes + " bytes"));
                continue;
            }
            if (isBlank(line.bytes())) {
                continue;
            }
            try {
                EventInput input = validator.parse(line.bytes());
                String defaultId = idempotencyKey == null ? EventIds.random()
                        : derivedId(workspace.id(), idempotencyKey, line.number());
                ValidatedEvent event = validator.validate(workspace, input, type, defaultId, now);
                valid.add(new Numbered(line.number(), event, event.clientEventId() || (idempotencyKey != null && checkStored)));
            } catch (InvalidEventException e) {
                rejected.add(new RejectedLine(line.number(), e.code(), e.getMessage()));
            }
        }
        return enrichAndEncode(workspace.id(), valid, rejected);
    }

    private ChunkResult enrichAndEncode(String workspaceId, List<Numbered> valid, List<RejectedLine> rejected) {
        Set<String> clickIds = new HashSet<>();
        for (Numbered numbered : valid) {
            if (numbered.event().type().followsClick() && !numbered.event().clickId().isEmpty()) {
                clickIds.add(numbered.event().clickId());
            }
        }
        Map<String, ClickAttributes> clicks = clickIds.isEmpty() ? Map.of() : clickLookup.find(workspaceId, clickIds);
        List<Numbered> kept = new ArrayList<>(valid.size());
        List<String> checkedIds = new ArrayList<>();
        for (Numbered numbered : valid) {
            ValidatedEvent event = numbered.event();
            if (event.type().followsClick() && event.link() == null && !clicks.containsKey(event.clickId())) {
                rejected.add(new RejectedLine(numbered.line(), RejectionCode.CLICK_NOT_FOUND,
                        "click '" + event.clickId() + "' not found"));
                continue;
            }
            kept.add(numbered);
            if (numbered.deduplicated()) {
                checkedIds.add(event.eventId());
            }
        }
        EventIdLedger.Claim claim = checkedIds.isEmpty() ? null : ledger.claim(workspaceId, checkedIds);
        try {
            Set<String> fresh = claim == null ? Set.of() : new HashSet<>(claim.fresh());
            Map<Long, CompletableFuture<Boolean>> pending = new HashMap<>();
            List<String> eventIds = new ArrayList<>(kept.size());
            ByteArrayOutputStream rows = new ByteArrayOutputStream(kept.size() * 256 + 16);
            long rowCount = 0;
            Set<TouchedDay> touched = new HashSet<>();
            long duplicates = 0;
            for (Numbered numbered : kept) {
                ValidatedEvent event = numbered.event();
                // Only a single-event request answers with its id: keep two at most (enough to tell "one").
                if (eventIds.size() < 2) {
                    eventIds.add(event.eventId());
                }
                if (numbered.deduplicated() && !fresh.remove(event.eventId())) {
                    CompletableFuture<Boolean> other = claim.pending().get(event.eventId());
                    if (other != null) {
                        pending.put(numbered.line(), other);
                    } else {
                        duplicates++;
                    }
                    continue;
                }
                ClickAttributes click = event.type().followsClick() ? clicks.get(event.clickId()) : null;
                EventRow row = enricher.enrich(workspaceId, event, click);
                RowBinaryEncoder.write(row, rows);
                touched.add(TouchedDay.of(row));
                rowCount++;
            }
            return new ChunkResult(rows.toByteArray(), rowCount, touched, rejected, duplicates, pending, claim, eventIds);
        } catch (RuntimeException e) {
            if (claim != null) {
                ledger.release(claim);
            }
            throw e;
        }
    }

    private static String derivedId(String workspaceId, String idempotencyKey, long lineNumber) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((workspaceId + '\n' + idempotencyKey + '\n' + lineNumber).getBytes(StandardCharsets.UTF_8));
            return "evt_" + HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private record Numbered(long line, ValidatedEvent event, boolean deduplicated) {
    }
}
