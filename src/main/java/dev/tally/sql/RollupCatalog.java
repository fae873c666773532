package dev.tally.sql;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Dimension;
import dev.tally.query.Filter;
import dev.tally.query.GroupBy;
import dev.tally.query.Granularity;
import dev.tally.query.Metric;
import dev.tally.query.RootFilter;
import dev.tally.query.TimeRange;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one question the planner asks: does this table answer this query exactly as the raw table would?
 * The answer is the set of reasons it cannot; empty means it can.
 */
public final class RollupCatalog {
    private RollupCatalog() {
    }

    public static Set<Refusal> answersExactly(Source source, AnalyticsQuery query) {
        EnumSet<Refusal> refusals = EnumSet.noneOf(Refusal.class);
        if (!source.isRollup()) {
            return refusals;
        }
        boolean bucketed = query.groupBy() == GroupBy.TIMESERIES;
        if (bucketed && query.granularity() == Granularity.MINUTE) {
            refusals.add(Refusal.MINUTE_GRANULARITY);
        }
        if (!onWholeHour(query.range().start()) || !onWholeHour(query.range().end())) {
            refusals.add(Refusal.RANGE_NOT_WHOLE_HOURS);
        }
        if (bucketed && !wholeHourOffsets(query.timeZone(), query.range())) {
            refusals.add(Refusal.TIME_ZONE_NOT_WHOLE_HOURS);
        }
        if (query.root() != RootFilter.ANY) {
            refusals.add(Refusal.ROOT_FILTER);
        }
        if (!query.metadataSearch().isEmpty()) {
            refusals.add(Refusal.METADATA_SEARCH);
        }
        if (query.has(Metric.UNIQUE_VISITORS) && source != Source.WORKSPACE_HOURLY) {
            refusals.add(Refusal.UNIQUE_VISITORS_NOT_CARRIED);
        }
        Set<Dimension> filtered = query.filters().stream().map(Filter::dimension).collect(Collectors.toSet());
        Dimension grouped = query.groupBy().dimension().orElse(null);
        switch (source) {
            case WORKSPACE_HOURLY -> {
                if (!filtered.isEmpty()) {
                    refusals.add(Refusal.FILTER_NOT_CARRIED);
                }
                if (grouped != null) {
                    refusals.add(Refusal.GROUP_BY_NOT_CARRIED);
                }
            }
            case DIMENSION_HOURLY -> {
                // Every event appears once per dimension, so one dimension's rows answer a filter on it
                // and a group-by on it — but never a second dimension, whose pairing the rows lost.
                if (grouped != null && !inDimensionRollup(grouped)) {
                    refusals.add(Refusal.GROUP_BY_NOT_CARRIED);
                }
                boolean allCarried = filtered.stream().allMatch(RollupCatalog::inDimensionRollup);
                boolean oneDimension = filtered.size() <= 1 && (grouped == null || filtered.isEmpty() || filtered.contains(grouped));
                if (!allCarried || !oneDimension) {
                    refusals.add(Refusal.FILTER_NOT_CARRIED);
                }
            }
            case LINK_HOURLY -> {
                if (grouped != null && !inLinkRollup(grouped)) {
                    refusals.add(Refusal.GROUP_BY_NOT_CARRIED);
                }
                if (!filtered.stream().allMatch(RollupCatalog::inLinkRollup)) {
                    refusals.add(Refusal.FILTER_NOT_CARRIED);
                }
            }
            case RAW_EVENTS -> throw new IllegalStateException("the raw table is not a rollup");
        }
        return refusals;
    }

    /** Dimensions the dimension rollup keeps, under the name {@link Dimension#column()}. */
    static boolean inDimensionRollup(Dimension dimension) {
        return switch (dimension) {
            case DOMAIN, COUNTRY, REGION, CITY, CONTINENT, DEVICE, BROWSER, OS, TRIGGER, REFERER, REFERER_URL,
                 UTM_SOURCE, UTM_MEDIUM, UTM_CAMPAIGN, UTM_TERM, UTM_CONTENT -> true;
            case KEY, LINK_ID, EXTERNAL_ID, TENANT_ID, TAG_ID, FOLDER_ID, GROUP_ID, PARTNER_ID, CUSTOMER_ID, URL,
                 SALE_TYPE -> false;
        };
    }

    /** The link id, and the link attributes reached through the links table. */
    static boolean inLinkRollup(Dimension dimension) {
        return switch (dimension) {
            case LINK_ID, EXTERNAL_ID, TENANT_ID, TAG_ID, FOLDER_ID, GROUP_ID, PARTNER_ID -> true;
            case DOMAIN, KEY, CUSTOMER_ID, COUNTRY, CITY, REGION, CONTINENT, DEVICE, BROWSER, OS, TRIGGER, REFERER,
                 REFERER_URL, URL, UTM_SOURCE, UTM_MEDIUM, UTM_CAMPAIGN, UTM_TERM, UTM_CONTENT, SALE_TYPE -> false;
        };
    }

    private static boolean onWholeHour(Instant instant) {
        return instant.getNano() == 0 && instant.getEpochSecond() % 3600 == 0;
    }

    /**
     * Tricky: a zone can change offset inside the range (DST, or a government's decision), so every
     * offset in force during the range must be whole hours, not just today's.
     */
    static boolean wholeHourOffsets(ZoneId zone, TimeRange range) {
        ZoneRules rules = zone.getRules();
        if (rules.getOffset(range.start()).getTotalSeconds() % 3600 != 0) {
            return false;
        }
        ZoneOffsetTransition transition = rules.nextTransition(range.start());
        while (transition != null && transition.getInstant().isBefore(range.end())) {
            if (transition.getOffsetAfter().getTotalSeconds() % 3600 != 0) {
                return false;
            }
            transition = rules.nextTransition(transition.getInstant());
        }
        return true;
    }
}
