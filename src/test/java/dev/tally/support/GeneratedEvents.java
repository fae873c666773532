package dev.tally.support;

import dev.tally.store.ClickHouse;
import dev.tally.store.InputFormat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Deterministic test events for one fresh workspace, written straight into {@code events} and {@code links}
 * with JSONEachRow.
 *
 * <p>Fixture note: this bypasses the ingest path on purpose (it is built in parallel, issue 4); the rows
 * are exactly what ingest stores — attributes of the click copied onto leads and sales, a salted IP hash,
 * a bot flag. The data spans 2026-02-20 .. 2026-04-20, across both US (Mar 8) and EU (Mar 29) DST changes,
 * with several links (one a domain root, one deleted, one whose folder and tags changed after its events),
 * countries on several continents, devices, bots, leads and sales.
 */
public final class GeneratedEvents {
    public static final Instant FIRST = Instant.parse("2026-02-20T00:00:00Z");
    public static final Instant LAST = Instant.parse("2026-04-20T00:00:00Z");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    static final String[][] PLACES = {
            {"US", "US-NY", "New York", "NA"}, {"US", "US-CA", "San Francisco", "NA"}, {"US", "US-CA", "Los Angeles", "NA"},
            {"GB", "GB-ENG", "London", "EU"}, {"DE", "DE-BE", "Berlin", "EU"}, {"IN", "IN-MH", "Mumbai", "AS"},
            {"IN", "IN-KA", "Bengaluru", "AS"}, {"BR", "BR-SP", "São Paulo", "SA"}, {"JP", "JP-13", "Tokyo", "AS"},
            {"", "", "", ""}};
    static final String[] DEVICES = {"Desktop", "Mobile", "Tablet"};
    static final String[] BROWSERS = {"Chrome", "Safari", "Firefox", "Edge"};
    static final String[] OSES = {"Windows", "Mac OS", "iOS", "Android", "Linux"};
    static final String[] TRIGGERS = {"link", "link", "qr", "pageview"};
    static final String[] REFERERS = {"", "", "google.com", "t.co", "news.ycombinator.com"};
    static final String[] SOURCES = {"", "newsletter", "twitter", "google"};
    static final String[] MEDIUMS = {"", "email", "social", "cpc"};
    static final String[] CAMPAIGNS = {"", "spring", "launch"};
    static final String[] TERMS = {"", "analytics", "links"};
    static final String[] CONTENTS = {"", "hero", "footer"};

    private GeneratedEvents() {
    }

    /** One generated event, as stored. */
    public record Event(String workspaceId, String eventId, String eventType, Instant timestamp, String linkId, String domain,
                        String key, String url, String trigger, String country, String region, String city, String continent,
                        String device, String browser, String os, boolean bot, String referer, String refererUrl,
                        String utmSource, String utmMedium, String utmCampaign, String utmTerm, String utmContent, long ipHash,
                        String customerId, String eventName, long amount, String currency, String saleType, String invoiceId,
                        String metadata) {
    }

    /** One version of a link row; the latest {@code updatedAt} is its current state. */
    public record LinkVersion(String workspaceId, String id, String domain, String key, String url, List<String> tagIds,
                              String folderId, String tenantId, String externalId, String groupId, String partnerId,
                              Instant createdAt, Instant updatedAt, boolean deleted) {
    }

    /** A workspace's generated data. */
    public record Data(String workspaceId, List<Event> events, List<LinkVersion> links) {
    }

    /** Generates {@code count} events for a fresh workspace. */
    public static Data generate(long seed, int count) {
        return generate(seed, count, "ws_gen_" + UUID.randomUUID().toString().replace("-", ""));
    }

    /** Generates {@code count} events for the given (fresh) workspace, e.g. one made with an API key. */
    public static Data generate(long seed, int count, String workspace) {
        Random random = new Random(seed);
        List<LinkVersion> links = links(workspace);
        List<Event> events = new ArrayList<>(count);
        long span = LAST.toEpochMilli() - FIRST.toEpochMilli();
        for (int i = 0; i < count; i++) {
            // Skewed link choice, like real traffic: link 0 gets most.
            int linkIndex = Math.min(links.size() - 1, (int) Math.floor(Math.abs(random.nextGaussian()) * 2.2)) % 6;
            LinkVersion link = links.get(linkIndex);
            String[] place = PLACES[random.nextInt(PLACES.length)];
            int roll = random.nextInt(100);
            String type = roll < 78 ? "click" : roll < 88 ? "lead" : roll < 97 ? "sale" : "view";
            boolean sale = type.equals("sale");
            boolean conversion = sale || type.equals("lead");
            String referer = pick(random, REFERERS);
            String utmSource = pick(random, SOURCES);
            events.add(new Event(workspace, "evt_" + i + "_" + Long.toHexString(random.nextLong()), type,
                    Instant.ofEpochMilli(FIRST.toEpochMilli() + (long) (random.nextDouble() * span)),
                    type.equals("view") ? "" : link.id(), link.domain(), link.key(),
                    link.url() + (utmSource.isEmpty() ? "" : "?utm_source=" + utmSource),
                    pick(random, TRIGGERS), place[0], place[1], place[2], place[3],
                    pick(random, DEVICES), pick(random, BROWSERS), pick(random, OSES), random.nextInt(100) < 6,
                    referer, referer.isEmpty() ? "" : "https://" + referer + "/p/" + random.nextInt(3),
                    utmSource, pick(random, MEDIUMS), pick(random, CAMPAIGNS), pick(random, TERMS), pick(random, CONTENTS),
                    random.nextInt(400) + 1L,
                    conversion ? "cus_" + random.nextInt(20) : "",
                    conversion ? (sale ? "Invoice paid" : "Sign up") : "",
                    sale ? 100L * (random.nextInt(50) + 1) : 0L,
                    sale ? "usd" : "",
                    sale ? (random.nextBoolean() ? "new" : "recurring") : "",
                    sale ? "inv_" + i : "",
                    conversion ? "{\"plan\":\"" + (random.nextBoolean() ? "Pro Annual" : "basic") + "\",\"n\":" + random.nextInt(9) + "}" : ""));
        }
        return new Data(workspace, List.copyOf(events), links);
    }

    private static List<LinkVersion> links(String workspace) {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        Instant changed = Instant.parse("2026-05-01T00:00:00Z");
        String prefix = Integer.toHexString(workspace.hashCode());
        List<LinkVersion> links = new ArrayList<>();
        links.add(link(workspace, prefix, 0, "tly.sh", "launch", List.of("tag_a", "tag_b"), "fold_1", "ten_1", "crm-0", "grp_1", "par_1", created, false));
        links.add(link(workspace, prefix, 1, "tly.sh", "docs", List.of("tag_b"), "fold_1", "ten_2", "crm-1", "grp_1", "", created, false));
        links.add(link(workspace, prefix, 2, "go.acme.com", "_root", List.of(), "", "ten_1", "crm-2", "", "par_2", created, false));
        links.add(link(workspace, prefix, 3, "go.acme.com", "pricing", List.of("tag_c"), "fold_2", "", "crm-3", "grp_2", "", created, false));
        links.add(link(workspace, prefix, 4, "tly.sh", "old", List.of("tag_a"), "fold_2", "ten_2", "crm-4", "grp_2", "par_1", created, false));
        links.add(link(workspace, prefix, 5, "go.acme.com", "gone", List.of("tag_a"), "fold_1", "ten_1", "crm-5", "grp_1", "par_2", created, false));
        List<LinkVersion> versions = new ArrayList<>(links);
        // Link 4 moved folder and lost tag_a after its events: filters must see the new state.
        LinkVersion moved = links.get(4);
        versions.add(new LinkVersion(workspace, moved.id(), moved.domain(), moved.key(), moved.url(), List.of("tag_c"), "fold_1",
                moved.tenantId(), moved.externalId(), moved.groupId(), moved.partnerId(), created, changed, false));
        // Link 5 was deleted: it matches no link-attribute filter any more.
        LinkVersion gone = links.get(5);
        versions.add(new LinkVersion(workspace, gone.id(), gone.domain(), gone.key(), gone.url(), gone.tagIds(), gone.folderId(),
                gone.tenantId(), gone.externalId(), gone.groupId(), gone.partnerId(), created, changed, true));
        return List.copyOf(versions);
    }

    private static LinkVersion link(String workspace, String prefix, int n, String domain, String key, List<String> tags, String folder,
                                    String tenant, String externalId, String group, String partner, Instant created, boolean deleted) {
        return new LinkVersion(workspace, "link_" + prefix + "_" + n, domain, key, "https://acme.com/" + key, tags, folder, tenant,
                externalId, group, partner, created, created, deleted);
    }

    /** The same data with the first events' city replaced by {@code cities}, one each (for injection tests). */
    public static Data withCities(Data data, List<String> cities) {
        List<Event> events = new ArrayList<>(data.events());
        for (int i = 0; i < cities.size(); i++) {
            Event e = events.get(i);
            events.set(i, new Event(e.workspaceId(), e.eventId(), e.eventType(), e.timestamp(), e.linkId(), e.domain(), e.key(),
                    e.url(), e.trigger(), e.country(), e.region(), cities.get(i), e.continent(), e.device(), e.browser(), e.os(),
                    e.bot(), e.referer(), e.refererUrl(), e.utmSource(), e.utmMedium(), e.utmCampaign(), e.utmTerm(),
                    e.utmContent(), e.ipHash(), e.customerId(), e.eventName(), e.amount(), e.currency(), e.saleType(),
                    e.invoiceId(), e.metadata()));
        }
        return new Data(data.workspaceId(), List.copyOf(events), data.links());
    }

    /** The same data moved in time by {@code shift} (e.g. to end just before now, for surfaces with relative periods). */
    public static Data shifted(Data data, java.time.Duration shift) {
        List<Event> events = new ArrayList<>(data.events().size());
        for (Event e : data.events()) {
            events.add(new Event(e.workspaceId(), e.eventId(), e.eventType(), e.timestamp().plus(shift), e.linkId(), e.domain(), e.key(),
                    e.url(), e.trigger(), e.country(), e.region(), e.city(), e.continent(), e.device(), e.browser(), e.os(),
                    e.bot(), e.referer(), e.refererUrl(), e.utmSource(), e.utmMedium(), e.utmCampaign(), e.utmTerm(),
                    e.utmContent(), e.ipHash(), e.customerId(), e.eventName(), e.amount(), e.currency(), e.saleType(),
                    e.invoiceId(), e.metadata()));
        }
        return new Data(data.workspaceId(), List.copyOf(events), data.links());
    }

    /** Writes the events and link versions, the way ingest and the links API store them. */
    public static void insert(ClickHouse clickHouse, Data data) {
        StringBuilder events = new StringBuilder();
        for (Event e : data.events()) {
            events.append(Json.object(
                    "workspace_id", e.workspaceId(), "event_id", e.eventId(), "event_type", e.eventType(),
                    "timestamp", TIME.format(e.timestamp()), "link_id", e.linkId(),
                    "page_id", e.eventType().equals("view") ? "page_1" : "", "domain", e.domain(), "key", e.key(),
                    "url", e.url(), "trigger", e.trigger(), "country", e.country(), "region", e.region(), "city", e.city(),
                    "continent", e.continent(), "device", e.device(), "browser", e.browser(), "os", e.os(), "bot", e.bot(),
                    "referer", e.referer(), "referer_url", e.refererUrl(), "utm_source", e.utmSource(),
                    "utm_medium", e.utmMedium(), "utm_campaign", e.utmCampaign(), "utm_term", e.utmTerm(),
                    "utm_content", e.utmContent(), "ip_hash", e.ipHash(), "customer_id", e.customerId(),
                    "event_name", e.eventName(), "amount", e.amount(), "currency", e.currency(), "sale_type", e.saleType(),
                    "invoice_id", e.invoiceId(), "payment_processor", e.amount() > 0 ? "stripe" : "", "metadata", e.metadata()))
                    .append('\n');
        }
        clickHouse.insert("events", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(events.toString().getBytes(StandardCharsets.UTF_8)));
        StringBuilder links = new StringBuilder();
        for (LinkVersion l : data.links()) {
            links.append(Json.object("workspace_id", l.workspaceId(), "id", l.id(), "domain", l.domain(), "key", l.key(),
                    "url", l.url(), "title", "", "tag_ids", l.tagIds(), "folder_id", l.folderId(), "tenant_id", l.tenantId(),
                    "external_id", l.externalId(), "group_id", l.groupId(), "partner_id", l.partnerId(),
                    "created_at", TIME.format(l.createdAt()), "updated_at", TIME.format(l.updatedAt()), "deleted", l.deleted()))
                    .append('\n');
        }
        clickHouse.insert("links", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(links.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }
}
