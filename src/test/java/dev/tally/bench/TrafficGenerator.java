package dev.tally.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic realistic link traffic from a seed: workspaces of very different sizes (Zipf), links with
 * Zipf popularity, diurnal and weekly cycles, geo / user-agent / referer mixes with ~7% bots, UTM
 * campaigns, QR vs link triggers, leads (~3.5% of human clicks) and sales (~20% of leads) attributed to
 * their clicks. Writes either rows of the {@code events} table (direct load) or ingest-API NDJSON.
 */
final class TrafficGenerator {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final double LEAD_RATE = 0.035;
    private static final double SALE_RATE = 0.20;
    private static final double QR_SHARE = 0.15;
    /** Hour-of-day weights (UTC), a day peak in the afternoon and a night trough. */
    private static final double[] HOURLY = {
            0.35, 0.3, 0.25, 0.25, 0.3, 0.4, 0.6, 0.8, 1.0, 1.1, 1.2, 1.25,
            1.3, 1.35, 1.4, 1.45, 1.4, 1.3, 1.2, 1.1, 0.95, 0.8, 0.6, 0.45};

    record Link(String workspaceId, String id, String domain, String key, String url, List<String> tagIds,
                String folderId, String tenantId, TrafficModel.Campaign campaign) {
    }

    private final long seed;
    private final int days;
    private final LocalDate lastDay;
    private final List<String> workspaces = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final Sampler workspacePick;
    private final List<Sampler> linkPickByWorkspace = new ArrayList<>();
    private final List<List<Link>> linksByWorkspace = new ArrayList<>();
    private final Sampler placePick;
    private final Sampler agentPick;
    private final Sampler refererPick;

    TrafficGenerator(long seed, int workspaceCount, int linkCount, int days, LocalDate lastDay) {
        this.seed = seed;
        this.days = days;
        this.lastDay = lastDay;
        SplittableRandom random = new SplittableRandom(seed);
        double[] workspaceWeights = zipfWeights(workspaceCount, 1.1);
        this.workspacePick = new Sampler(workspaceWeights);
        for (int w = 0; w < workspaceCount; w++) {
            String workspaceId = String.format("ws_bench%03d", w);
            workspaces.add(workspaceId);
            int count = Math.max(3, (int) Math.round(linkCount * workspaceWeights[w]));
            List<Link> own = new ArrayList<>();
            for (int l = 0; l < count; l++) {
                String key = base62(random.nextLong(), 7);
                TrafficModel.Campaign campaign = random.nextDouble() < 0.4
                        ? TrafficModel.CAMPAIGNS.get(random.nextInt(TrafficModel.CAMPAIGNS.size())) : null;
                List<String> tags = random.nextDouble() < 0.6 ? List.of("tag_" + (l % 7), "tag_" + (l % 3 + 10)) : List.of();
                Link link = new Link(workspaceId, "lnk_" + workspaceId.substring(3) + "_" + l, l % 10 == 0 ? "go.bench.example" : "tly.sh",
                        key, "https://shop" + (l % 50) + ".example.com/p/" + l, tags,
                        random.nextDouble() < 0.5 ? "fold_" + (l % 5) : "", random.nextDouble() < 0.3 ? "tenant_" + (l % 4) : "", campaign);
                own.add(link);
                links.add(link);
            }
            linksByWorkspace.add(own);
            linkPickByWorkspace.add(new Sampler(zipfWeights(count, 1.0)));
        }
        this.placePick = new Sampler(TrafficModel.PLACES.stream().mapToDouble(TrafficModel.Place::weight).toArray());
        this.agentPick = new Sampler(TrafficModel.AGENTS.stream().mapToDouble(TrafficModel.Agent::weight).toArray());
        this.refererPick = new Sampler(TrafficModel.REFERERS.stream().mapToDouble(TrafficModel.Referer::weight).toArray());
    }

    List<String> workspaces() {
        return List.copyOf(workspaces);
    }

    List<Link> links() {
        return List.copyOf(links);
    }

    /** Writes {@code clicks} clicks (plus their leads and sales) as rows of the events table, JSONEachRow. */
    long writeEventRows(long clicks, long firstClick, OutputStream out) {
        return write(clicks, firstClick, out, true);
    }

    /** Writes the same traffic as ingest-API NDJSON (DESIGN.md section 4 fields). */
    long writeIngestNdjson(long clicks, long firstClick, OutputStream out) {
        return write(clicks, firstClick, out, false);
    }

    /** Writes every link as a row of the links table, JSONEachRow. */
    void writeLinkRows(OutputStream out) {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            String now = instant(lastDay.atStartOfDay().toInstant(ZoneOffset.UTC).minus(days, ChronoUnit.DAYS));
            for (Link link : links) {
                json.writeStartObject();
                json.writeStringField("workspace_id", link.workspaceId());
                json.writeStringField("id", link.id());
                json.writeStringField("domain", link.domain());
                json.writeStringField("key", link.key());
                json.writeStringField("url", link.url());
                json.writeStringField("title", "");
                json.writeArrayFieldStart("tag_ids");
                for (String tag : link.tagIds()) {
                    json.writeString(tag);
                }
                json.writeEndArray();
                json.writeStringField("folder_id", link.folderId());
                json.writeStringField("tenant_id", link.tenantId());
                json.writeStringField("external_id", "ext_" + link.id());
                json.writeStringField("group_id", "");
                json.writeStringField("partner_id", "");
                json.writeStringField("created_at", now);
                json.writeStringField("updated_at", now);
                json.writeEndObject();
                json.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Clicks number {@code firstClick …} are generated from their own index, so any slice of the stream
     * can be produced independently (and in parallel) with the same result.
     */
    private long write(long clicks, long firstClick, OutputStream out, boolean tableRows) {
        long events = 0;
        Instant start = lastDay.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minus(days, ChronoUnit.DAYS);
        Sampler hours = new Sampler(HOURLY);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            for (long n = firstClick; n < firstClick + clicks; n++) {
                SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n);
                int workspace = workspacePick.pick(random);
                Link link = linksByWorkspace.get(workspace).get(linkPickByWorkspace.get(workspace).pick(random));
                int day = random.nextInt(days);
                Instant dayStart = start.plus(day, ChronoUnit.DAYS);
                int dayOfWeek = dayStart.atZone(ZoneOffset.UTC).getDayOfWeek().getValue();
                if (dayOfWeek >= 6 && random.nextDouble() < 0.3) {
                    day = random.nextInt(days); // weekends are ~30% quieter
                    dayStart = start.plus(day, ChronoUnit.DAYS);
                }
                Instant timestamp = dayStart.plus(hours.pick(random), ChronoUnit.HOURS).plusMillis(random.nextLong(3_600_000));
                TrafficModel.Place place = TrafficModel.PLACES.get(placePick.pick(random));
                TrafficModel.Agent agent = TrafficModel.AGENTS.get(agentPick.pick(random));
                String refererHost;
                String refererUrl;
                double source = random.nextDouble();
                if (source < TrafficModel.DIRECT_SHARE) {
                    refererHost = "";
                    refererUrl = "";
                } else if (source < TrafficModel.DIRECT_SHARE + TrafficModel.LONG_TAIL_SHARE) {
                    refererHost = "blog" + (long) Math.floor(Math.pow(random.nextDouble(), 3) * 5000) + ".example.org";
                    refererUrl = "https://" + refererHost + "/posts/" + random.nextInt(200);
                } else {
                    TrafficModel.Referer referer = TrafficModel.REFERERS.get(refererPick.pick(random));
                    refererHost = referer.host();
                    refererUrl = referer.url();
                }
                // Visitors repeat: a workspace's visitor pool is skewed so some come back often.
                long visitor = (long) Math.floor(Math.pow(random.nextDouble(), 2) * 200_000);
                String ip = "10." + ((visitor >> 16) & 255) + "." + ((visitor >> 8) & 255) + "." + (visitor & 255);
                long ipHash = mix(seed ^ (workspace * 1_000_003L) ^ visitor);
                String trigger = random.nextDouble() < QR_SHARE ? "qr" : "link";
                String clickId = "clk_" + Long.toHexString(mix(seed + n)) + Long.toHexString(n);
                Event click = new Event("click", clickId, timestamp, link, place, agent, refererHost, refererUrl, ip, ipHash,
                        trigger, clickId, "", "", 0, "", "", "");
                emit(json, click, tableRows);
                events++;
                if (!agent.bot() && random.nextDouble() < LEAD_RATE) {
                    String customer = "cus_" + Long.toHexString(mix(n * 31 + seed));
                    Instant leadAt = timestamp.plusSeconds(30 + random.nextInt(3600));
                    emit(json, new Event("lead", "evt_l" + clickId.substring(4), leadAt, link, place, agent, refererHost, refererUrl,
                            ip, ipHash, trigger, clickId, customer, "Sign up", 0, "", "", ""), tableRows);
                    events++;
                    if (random.nextDouble() < SALE_RATE) {
                        long amount = 500 + random.nextInt(49_500);
                        emit(json, new Event("sale", "evt_s" + clickId.substring(4), leadAt.plusSeconds(60 + random.nextInt(86_400)), link,
                                place, agent, refererHost, refererUrl, ip, ipHash, trigger, clickId, customer, "Invoice paid", amount,
                                "usd", random.nextDouble() < 0.7 ? "new" : "recurring", "inv_" + Long.toHexString(n)), tableRows);
                        events++;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    private record Event(String type, String eventId, Instant timestamp, Link link, TrafficModel.Place place,
                         TrafficModel.Agent agent, String refererHost, String refererUrl, String ip, long ipHash,
                         String trigger, String clickId, String customerId, String eventName, long amount,
                         String currency, String saleType, String invoiceId) {
    }

    private static void emit(JsonGenerator json, Event event, boolean tableRow) throws IOException {
        Link link = event.link();
        TrafficModel.Campaign campaign = link.campaign();
        json.writeStartObject();
        if (tableRow) {
            json.writeStringField("workspace_id", link.workspaceId());
            json.writeStringField("event_id", event.eventId());
            json.writeStringField("event_type", event.type());
        } else {
            json.writeStringField("event", event.type());
            json.writeStringField("event_id", event.eventId());
        }
        json.writeStringField("timestamp", instant(event.timestamp()));
        json.writeStringField("link_id", link.id());
        if (tableRow) {
            json.writeStringField("domain", link.domain());
            json.writeStringField("key", link.key());
        }
        json.writeStringField("url", campaign == null ? link.url() : link.url() + "?utm_source=" + campaign.source()
                + "&utm_medium=" + campaign.medium() + "&utm_campaign=" + campaign.campaign());
        json.writeStringField("trigger", event.trigger());
        json.writeStringField("country", event.place().country());
        json.writeStringField("region", event.place().region());
        json.writeStringField("city", event.place().city());
        json.writeStringField("continent", event.place().continent());
        json.writeStringField("device", event.agent().device());
        json.writeStringField("browser", event.agent().browser());
        json.writeStringField("os", event.agent().os());
        if (tableRow) {
            json.writeBooleanField("bot", event.agent().bot());
            json.writeStringField("referer", event.refererHost());
            json.writeStringField("referer_url", event.refererUrl());
            json.writeStringField("utm_source", campaign == null ? "" : campaign.source());
            json.writeStringField("utm_medium", campaign == null ? "" : campaign.medium());
            json.writeStringField("utm_campaign", campaign == null ? "" : campaign.campaign());
            json.writeStringField("utm_term", campaign == null ? "" : campaign.term());
            json.writeStringField("utm_content", campaign == null ? "" : campaign.content());
            json.writeNumberField("ip_hash", event.ipHash());
        } else {
            json.writeStringField("user_agent", event.agent().userAgent());
            json.writeStringField("ip", event.ip());
            if (!event.refererUrl().isEmpty()) {
                json.writeStringField("referer", event.refererUrl());
            }
        }
        json.writeStringField("click_id", event.clickId());
        if (!event.type().equals("click")) {
            json.writeStringField("customer_id", event.customerId());
            json.writeStringField("event_name", event.eventName());
        }
        if (event.type().equals("sale")) {
            json.writeNumberField("amount", event.amount());
            json.writeStringField("currency", event.currency());
            json.writeStringField("sale_type", event.saleType());
            json.writeStringField("invoice_id", event.invoiceId());
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private static String instant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    static double[] zipfWeights(int count, double exponent) {
        double[] weights = new double[count];
        double total = 0;
        for (int i = 0; i < count; i++) {
            weights[i] = 1 / Math.pow(i + 1, exponent);
            total += weights[i];
        }
        for (int i = 0; i < count; i++) {
            weights[i] /= total;
        }
        return weights;
    }

    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }

    private static String base62(long value, int length) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder out = new StringBuilder(length);
        long v = value & Long.MAX_VALUE;
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt((int) (v % 62)));
            v /= 62;
        }
        return out.toString();
    }

    /** Picks an index with probability proportional to its weight (binary search over the cumulative sum). */
    static final class Sampler {
        private final double[] cumulative;

        Sampler(double[] weights) {
            cumulative = new double[weights.length];
            double total = 0;
            for (int i = 0; i < weights.length; i++) {
                total += weights[i];
                cumulative[i] = total;
            }
        }

        int pick(SplittableRandom random) {
            double target = random.nextDouble() * cumulative[cumulative.length - 1];
            int index = java.util.Arrays.binarySearch(cumulative, target);
            return Math.min(cumulative.length - 1, index >= 0 ? index : -index - 1);
        }
    }
}
