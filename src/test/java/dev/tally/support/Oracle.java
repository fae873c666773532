package dev.tally.support;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Dimension;
import dev.tally.query.Filter;
import dev.tally.query.GroupBy;
import dev.tally.query.Operator;
import dev.tally.support.GeneratedEvents.Event;
import dev.tally.support.GeneratedEvents.LinkVersion;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Independent answers, counted in Java over the generated events: what every API number must equal. It
 * shares no code with the query core beyond the query record it reads.
 */
public final class Oracle {
    private final List<Event> events;
    private final Map<String, LinkVersion> currentLinks;

    public Oracle(GeneratedEvents.Data data) {
        this.events = data.events();
        Map<String, LinkVersion> latest = new HashMap<>();
        for (LinkVersion version : data.links()) {
            latest.merge(version.id(), version, (a, b) -> a.updatedAt().isAfter(b.updatedAt()) ? a : b);
        }
        latest.values().removeIf(LinkVersion::deleted);
        this.currentLinks = Map.copyOf(latest);
    }

    /** The metrics of a set of events. */
    public record Totals(long clicks, long leads, long sales, long views, long saleAmount) {
        public static final Totals ZERO = new Totals(0, 0, 0, 0, 0);

        Totals plus(Event e) {
            return switch (e.eventType()) {
                case "click" -> new Totals(clicks + 1, leads, sales, views, saleAmount);
                case "lead" -> new Totals(clicks, leads + 1, sales, views, saleAmount);
                case "sale" -> new Totals(clicks, leads, sales + 1, views, saleAmount + e.amount());
                case "view" -> new Totals(clicks, leads, sales, views + 1, saleAmount);
                default -> throw new IllegalStateException(e.eventType());
            };
        }
    }

    public List<Event> matching(AnalyticsQuery query) {
        return events.stream().filter(e -> matches(query, e)).toList();
    }

    public Totals count(AnalyticsQuery query) {
        Totals totals = Totals.ZERO;
        for (Event e : matching(query)) {
            totals = totals.plus(e);
        }
        return totals;
    }

    public long uniqueVisitors(AnalyticsQuery query) {
        return matching(query).stream().map(Event::ipHash).distinct().count();
    }

    /** Totals per group key: [value], [country, region] for regions, [country, region, city] for cities. */
    public Map<List<String>, Totals> groupBy(AnalyticsQuery query) {
        Dimension dimension = query.groupBy().dimension().orElseThrow();
        Map<List<String>, Totals> groups = new HashMap<>();
        for (Event e : matching(query)) {
            for (List<String> key : groupKeys(query.groupBy(), dimension, e)) {
                groups.merge(key, Totals.ZERO.plus(e), Oracle::sum);
            }
        }
        return groups;
    }

    private List<List<String>> groupKeys(GroupBy groupBy, Dimension dimension, Event e) {
        return switch (groupBy) {
            case TOP_BASE_URLS -> List.of(List.of(e.url().replaceFirst("[?#].*$", "")));
            // Links carry no partner tags.
            case TOP_PARTNER_TAGS -> List.of();
            default -> keys(dimension, e);
        };
    }

    /** Totals per bucket start, only for buckets holding events. */
    public Map<Instant, Totals> timeseries(AnalyticsQuery query) {
        Map<Instant, Totals> buckets = new TreeMap<>();
        for (Event e : matching(query)) {
            buckets.merge(bucket(query, e.timestamp()), Totals.ZERO.plus(e), Oracle::sum);
        }
        return buckets;
    }

    /** The event ids a page of the events list holds, in order. */
    public List<String> page(AnalyticsQuery query) {
        Comparator<Event> order = Comparator.comparing(Event::timestamp).thenComparing(Event::eventId);
        if (query.sortOrder() == dev.tally.query.SortOrder.DESC) {
            order = order.reversed();
        }
        return matching(query).stream().sorted(order).skip(query.offset()).limit(query.limit()).map(Event::eventId).toList();
    }

    private static Totals sum(Totals a, Totals b) {
        return new Totals(a.clicks() + b.clicks(), a.leads() + b.leads(), a.sales() + b.sales(), a.views() + b.views(),
                a.saleAmount() + b.saleAmount());
    }

    private static Instant bucket(AnalyticsQuery query, Instant time) {
        ZonedDateTime local = time.atZone(query.timeZone());
        ZonedDateTime start = switch (query.granularity()) {
            case MINUTE -> local.truncatedTo(ChronoUnit.MINUTES);
            case HOUR -> local.truncatedTo(ChronoUnit.HOURS);
            case DAY -> local.toLocalDate().atStartOfDay(query.timeZone());
            case WEEK -> local.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(query.timeZone());
            case MONTH -> local.toLocalDate().withDayOfMonth(1).atStartOfDay(query.timeZone());
        };
        return start.toInstant();
    }

    private boolean matches(AnalyticsQuery query, Event e) {
        if (!e.workspaceId().equals(query.workspaceId())
                || query.event().eventTypes().stream().noneMatch(t -> t.publicName().equals(e.eventType()))
                || e.timestamp().isBefore(query.range().start()) || !e.timestamp().isBefore(query.range().end())
                || (e.bot() && !query.includeBots())) {
            return false;
        }
        for (Filter filter : query.filters()) {
            boolean any = values(filter.dimension(), e).stream().anyMatch(filter.values()::contains);
            if (any != (filter.operator() == Operator.INCLUDE)) {
                return false;
            }
        }
        boolean root = e.key().equals("_root");
        switch (query.root()) {
            case ANY -> { }
            case ROOT_ONLY -> { if (!root) return false; }
            case LINKS_ONLY -> { if (root) return false; }
        }
        return query.metadataSearch().isEmpty()
                || e.metadata().toLowerCase(Locale.ROOT).contains(query.metadataSearch().toLowerCase(Locale.ROOT));
    }

    private List<List<String>> keys(Dimension dimension, Event e) {
        return switch (dimension) {
            case REGION -> List.of(List.of(e.country(), e.region()));
            case CITY -> List.of(List.of(e.country(), e.region(), e.city()));
            // Link attributes group only the links that have one (top_folders, top_groups, top_partners).
            case FOLDER_ID, GROUP_ID, PARTNER_ID -> values(dimension, e).stream().filter(v -> !v.isEmpty()).map(List::of).toList();
            default -> values(dimension, e).stream().map(List::of).toList();
        };
    }

    /** The values an event has for a dimension: one for event columns, the current link's for link attributes. */
    private Set<String> values(Dimension dimension, Event e) {
        LinkVersion link = currentLinks.get(e.linkId());
        return switch (dimension) {
            case DOMAIN -> Set.of(e.domain());
            case KEY -> Set.of(e.key());
            case LINK_ID -> Set.of(e.linkId());
            // GeneratedEvents stores every view on page_1.
            case PAGE_ID -> Set.of(e.eventType().equals("view") ? "page_1" : "");
            case CUSTOMER_ID -> Set.of(e.customerId());
            case COUNTRY -> Set.of(e.country());
            case CITY -> Set.of(e.city());
            case REGION -> Set.of(e.region());
            case CONTINENT -> Set.of(e.continent());
            case DEVICE -> Set.of(e.device());
            case BROWSER -> Set.of(e.browser());
            case OS -> Set.of(e.os());
            case TRIGGER -> Set.of(e.trigger());
            case REFERER -> Set.of(e.referer());
            case REFERER_URL -> Set.of(e.refererUrl());
            case URL -> Set.of(e.url());
            case UTM_SOURCE -> Set.of(e.utmSource());
            case UTM_MEDIUM -> Set.of(e.utmMedium());
            case UTM_CAMPAIGN -> Set.of(e.utmCampaign());
            case UTM_TERM -> Set.of(e.utmTerm());
            case UTM_CONTENT -> Set.of(e.utmContent());
            case SALE_TYPE -> Set.of(e.saleType());
            case EXTERNAL_ID -> link == null ? Set.of() : Set.of(link.externalId());
            case TENANT_ID -> link == null ? Set.of() : Set.of(link.tenantId());
            case TAG_ID -> link == null ? Set.of() : new HashSet<>(link.tagIds());
            case FOLDER_ID -> link == null ? Set.of() : Set.of(link.folderId());
            case GROUP_ID -> link == null ? Set.of() : Set.of(link.groupId());
            case PARTNER_ID -> link == null ? Set.of() : Set.of(link.partnerId());
        };
    }

    /** Distinct values of a dimension among the events, for building filter cases. */
    public List<String> distinctValues(Dimension dimension) {
        List<String> all = new ArrayList<>();
        for (Event e : events) {
            all.addAll(values(dimension, e));
        }
        return all.stream().distinct().sorted().collect(Collectors.toList());
    }
}
