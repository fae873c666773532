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
        // A dimension-group rollup keeps its dimensions together (a place, a user agent, a campaign), so it
        // answers any filter and group-by within its group, and nothing across groups.
        if (!filtered.stream().allMatch(dimension -> carries(source, dimension))) {
            refusals.add(Refusal.FILTER_NOT_CARRIED);
        }
        query.groupBy().dimension().ifPresent(grouped -> {
            if (!carries(source, grouped)) {
                refusals.add(Refusal.GROUP_BY_NOT_CARRIED);
            }
        });
        return refusals;
    }

    /** Whether a rollup keeps a dimension's column. */
    static boolean carries(Source source, Dimension dimension) {
        return rollupOf(dimension) == source;
    }

    /** The one rollup keeping a dimension, or the raw table for those no rollup keeps. */
    static Source rollupOf(Dimension dimension) {
        return switch (dimension) {
            case CONTINENT, COUNTRY, REGION, CITY -> Source.GEO_HOURLY;
            case DEVICE, BROWSER, OS -> Source.DEVICE_HOURLY;
            case UTM_SOURCE, UTM_MEDIUM, UTM_CAMPAIGN, UTM_TERM, UTM_CONTENT -> Source.UTM_HOURLY;
            case TRIGGER, DOMAIN -> Source.TRIGGER_HOURLY;
            // Long tails (referers, URLs), per-link keys (a per-link hourly rollup is only ~3x smaller than
            // the raw table, issue 5), link attributes, and lead/sale fields: raw.
            case REFERER, REFERER_URL, URL, KEY, LINK_ID, PAGE_ID, EXTERNAL_ID, TENANT_ID, TAG_ID, FOLDER_ID, GROUP_ID, PARTNER_ID,
                 CUSTOMER_ID, SALE_TYPE -> Source.RAW_EVENTS;
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
