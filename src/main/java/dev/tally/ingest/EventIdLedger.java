package dev.tally.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tally.sql.EventLookupSql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which client event ids are already stored, so a retried event is never written twice — not in
 * {@code events} and so not in any materialized view fed by it. Ids are checked BEFORE inserting: first
 * against ids committed recently in this instance and ids in flight in this instance, then against the
 * {@code events} table itself (so the guarantee outlives restarts and the memory window).
 */
@Singleton
public final class EventIdLedger {
    private static final int IDS_PER_QUERY = 10_000;

    private final ClickHouse clickHouse;
    private final Cache<String, Boolean> committed;
    private final Map<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();

    public EventIdLedger(ClickHouse clickHouse, IngestConfiguration configuration) {
        this.clickHouse = clickHouse;
        this.committed = Caffeine.newBuilder().maximumSize(configuration.recentEventIds()).build();
    }

    /**
     * Claims the ids for one request. Ids already stored are {@link Claim#duplicates()}; ids another request
     * is writing right now are {@link Claim#pending()} (the caller waits for that request's outcome after
     * its own insert, never while holding claims, so two requests can't wait on each other).
     */
    public Claim claim(String workspaceId, List<String> eventIds) {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        List<String> claimed = new ArrayList<>();
        Set<String> duplicates = new HashSet<>();
        Map<String, CompletableFuture<Boolean>> pending = new HashMap<>();
        for (String eventId : eventIds) {
            String key = key(workspaceId, eventId);
            if (committed.getIfPresent(key) != null) {
                duplicates.add(eventId);
                continue;
            }
            CompletableFuture<Boolean> other = inFlight.putIfAbsent(key, mine);
            if (other == null) {
                claimed.add(eventId);
            } else if (other == mine) {
                duplicates.add(eventId);
            } else {
                pending.put(eventId, other);
            }
        }
        Set<String> stored = storedAmong(workspaceId, claimed);
        List<String> fresh = new ArrayList<>(claimed.size());
        for (String eventId : claimed) {
            if (stored.contains(eventId)) {
                duplicates.add(eventId);
                String key = key(workspaceId, eventId);
                committed.put(key, Boolean.TRUE);
                inFlight.remove(key, mine);
            } else {
                fresh.add(eventId);
            }
        }
        return new Claim(workspaceId, fresh, duplicates, pending, mine);
    }

    /** The rows of {@code claim} are committed. */
    public void commit(Claim claim) {
        for (String eventId : claim.fresh()) {
            String key = key(claim.workspaceId(), eventId);
            committed.put(key, Boolean.TRUE);
            inFlight.remove(key, claim.outcome());
        }
        claim.outcome().complete(Boolean.TRUE);
    }

    /**
     * The rows of {@code claim} are durable in the track journal, not yet inserted: requests waiting on them
     * learn they are stored (a duplicate), while the ids stay in flight until {@link #commit} — so a later
     * request with one of them is a duplicate too, whatever the committed-id cache has forgotten meanwhile.
     */
    public void durable(Claim claim) {
        claim.outcome().complete(Boolean.TRUE);
    }

    /** The rows of {@code claim} were not written: a retry may write them. */
    public void release(Claim claim) {
        for (String eventId : claim.fresh()) {
            inFlight.remove(key(claim.workspaceId(), eventId), claim.outcome());
        }
        claim.outcome().complete(Boolean.FALSE);
    }

    private Set<String> storedAmong(String workspaceId, List<String> eventIds) {
        Set<String> stored = new HashSet<>();
        for (int from = 0; from < eventIds.size(); from += IDS_PER_QUERY) {
            List<String> slice = eventIds.subList(from, Math.min(eventIds.size(), from + IDS_PER_QUERY));
            for (Row row : clickHouse.query(EventLookupSql.storedIds(workspaceId, slice)).rows()) {
                stored.add(row.string("event_id"));
            }
        }
        return stored;
    }

    private static String key(String workspaceId, String eventId) {
        return workspaceId + '\n' + eventId;
    }

    /**
     * One request's claim: {@code fresh} ids it may write, {@code duplicates} already stored, {@code pending}
     * ids another request is writing (with that request's outcome), and its own {@code outcome}.
     */
    public record Claim(String workspaceId, List<String> fresh, Set<String> duplicates,
                        Map<String, CompletableFuture<Boolean>> pending, CompletableFuture<Boolean> outcome) {
    }
}
