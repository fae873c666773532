package dev.tally.support;

import dev.tally.auth.Plan;
import dev.tally.auth.Workspace;
import dev.tally.ingest.IngestResult;
import dev.tally.ingest.IngestService;
import dev.tally.links.Link;
import dev.tally.links.LinkChanges;
import dev.tally.links.LinkService;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes links and events through Tally's real ingest path (validation, enrichment, deduplication,
 * the coalescing insert), for tests of any surface. Inject it into a {@code @MicronautTest}.
 *
 * <pre>
 *   Workspace ws = fixtures.workspace();
 *   Link link = fixtures.link(ws, "https://example.com/a");
 *   fixtures.clicks(ws, link, 10, Instant.parse("2026-01-01T00:00:00Z"), Map.of("ip", "81.2.69.142"));
 * </pre>
 */
@Singleton
public final class EventFixtures {
    private final IngestService ingest;
    private final LinkService links;
    private final JsonMapper json;

    public EventFixtures(IngestService ingest, LinkService links, JsonMapper json) {
        this.ingest = ingest;
        this.links = links;
        this.json = json;
    }

    /** A fresh workspace value with a unique id (not stored; tests that need a stored one use TestWorkspaces). */
    public Workspace workspace() {
        String id = "ws_test_" + UUID.randomUUID().toString().replace("-", "");
        return new Workspace(id, "org_test", "Test " + id, Plan.BUSINESS, ZoneOffset.UTC);
    }

    /** A link on the default domain with a generated key. */
    public Link link(Workspace workspace, String url) {
        return links.create(workspace, new LinkChanges(url, null, null, null, null, null, null, null, null, null));
    }

    /** A link with the given changeable attributes. */
    public Link link(Workspace workspace, String url, List<String> tagIds, String folderId, String tenantId) {
        return links.create(workspace, new LinkChanges(url, null, null, null, tagIds, folderId, tenantId, null, null, null));
    }

    /**
     * {@code count} clicks on {@code link}, one second apart from {@code start}, each with {@code fields}
     * added (e.g. {@code ip}, {@code user_agent}, {@code referer}, {@code country}). Returns the event ids.
     */
    public List<String> clicks(Workspace workspace, Link link, int count, Instant start, Map<String, Object> fields) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> event = new LinkedHashMap<>(fields);
            event.put("event", "click");
            event.put("event_id", "evt_fx_" + UUID.randomUUID());
            event.put("link_id", link.id());
            event.put("timestamp", start.plusSeconds(i).toString());
            events.add(event);
        }
        ingest(workspace, events);
        return events.stream().map(event -> (String) event.get("event_id")).toList();
    }

    /** Any events, as NDJSON through the batch path; fails the test if a line is rejected. */
    public IngestResult ingest(Workspace workspace, List<Map<String, Object>> events) {
        IngestResult result = ingest.batch(workspace, new ByteArrayInputStream(ndjson(events)), null).result();
        if (result.rejectedCount() > 0) {
            throw new AssertionError("fixture events were rejected: " + result.rejected());
        }
        return result;
    }

    public byte[] ndjson(List<Map<String, Object>> events) {
        StringBuilder out = new StringBuilder();
        try {
            for (Map<String, Object> event : events) {
                out.append(json.writeValueAsString(event)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
