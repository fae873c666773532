package dev.tally.sql;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Dimension;
import dev.tally.query.GroupBy;
import dev.tally.query.Metric;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the aggregate statement of a query for a source the catalog accepted. Text and parameters are
 * written in one pass; column names come from {@link Dimension#column()} and this class's constants.
 * Result columns: {@code clicks, leads, sales, views, sale_total} (and {@code unique_visitors} when asked),
 * plus {@code bucket} for timeseries and {@code value} (with {@code within_country}, {@code within_region}
 * for regions and cities) for group-bys.
 */
public final class SqlBuilder {
    /**
     * Uniques are approximate on every source: uniqCombined64 at precision 14 (2^14 HyperLogLog cells), whose
     * standard error is 1.04 / sqrt(2^14) ≈ 0.8% once a count leaves its exact small-set modes.
     */
    public static final double UNIQUES_RELATIVE_ERROR = 0.0081;

    private SqlBuilder() {
    }

    public static Sql aggregate(AnalyticsQuery query, Source source) {
        Parameters parameters = new Parameters();
        List<String> select = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        String from = source.table();
        GroupBy groupBy = query.groupBy();
        switch (groupBy) {
            case COUNT -> { }
            case TIMESERIES -> {
                select.add(bucket(query, source, parameters) + " AS bucket");
                keys.add("bucket");
            }
            case TOP_TAGS, TOP_FOLDERS, TOP_PARTNERS, TOP_GROUPS, TOP_PARTNER_TAGS -> {
                from = from + " INNER JOIN (" + linkAttributeRows(groupBy, query, parameters) + ") AS l ON link_id = l.id";
                select.add("l.value AS value");
                keys.add("value");
            }
            case CONTINENTS, REGIONS, COUNTRIES, CITIES, DEVICES, BROWSERS, OS, TRIGGERS, REFERERS, REFERER_URLS,
                 TOP_LINKS, TOP_URLS, TOP_DOMAINS, UTM_SOURCES, UTM_MEDIUMS, UTM_CAMPAIGNS, UTM_TERMS, UTM_CONTENTS -> {
                Dimension dimension = groupBy.dimension().orElseThrow();
                if (dimension == Dimension.REGION || dimension == Dimension.CITY) {
                    select.add("country AS within_country");
                    keys.add("within_country");
                }
                if (dimension == Dimension.CITY) {
                    select.add("region AS within_region");
                    keys.add("within_region");
                }
                select.add(dimension.column() + " AS value");
                keys.add("value");
            }
            case TOP_BASE_URLS -> {
                select.add("cutQueryStringAndFragment(url) AS value");
                keys.add("value");
            }
        }
        select.addAll(metrics(query, source));
        if (groupBy == GroupBy.COUNT && source == Source.WORKSPACE_HOURLY) {
            Optional<String> totals = WorkspaceTotalsSql.from(query, parameters);
            if (totals.isPresent()) {
                // Tricky: one thread. The union reads ~80 small rows; a parallel pipeline costs more to start
                // than it saves (13 ms against 8 ms on the benchmark data).
                return Sql.of("SELECT " + String.join(", ", select) + "\nFROM " + totals.get() + "\nSETTINGS max_threads = 1", parameters);
            }
        }
        String where = Predicates.where(query, source, parameters);

        StringBuilder text = new StringBuilder("SELECT ").append(String.join(", ", select))
                .append("\nFROM ").append(from)
                .append("\nWHERE ").append(where);
        if (!keys.isEmpty()) {
            text.append("\nGROUP BY ").append(String.join(", ", keys));
        }
        switch (groupBy) {
            case COUNT -> { }
            case TIMESERIES -> text.append("\nORDER BY bucket");
            case CONTINENTS, REGIONS, COUNTRIES, CITIES, DEVICES, BROWSERS, OS, TRIGGERS, REFERERS, REFERER_URLS,
                 TOP_LINKS, TOP_URLS, TOP_BASE_URLS, TOP_DOMAINS, TOP_TAGS, TOP_FOLDERS, TOP_PARTNERS, TOP_GROUPS, TOP_PARTNER_TAGS,
                 UTM_SOURCES, UTM_MEDIUMS, UTM_CAMPAIGNS, UTM_TERMS, UTM_CONTENTS -> text.append("\nORDER BY ").append(orderColumn(query)).append(" DESC, ")
                    .append(String.join(", ", keys))
                    .append("\nLIMIT ").append(parameters.bind(Param.uint32(query.limit())));
        }
        if (source.isRollup()) {
            // Tricky: the old analyzer, for single-table rollup reads only. Most of such a statement's engine CPU is
            // spent before a row is read (parse, analysis, plan: ADR 0145), and the old analyzer's front half is
            // cheaper: 3.8-4.4 ms against 5.0-5.9 ms of engine CPU per statement (EngineCostBench, interleaved).
            // Not for the raw path (GROUPING SETS, link joins) nor the count's UNION, which it made slower.
            text.append("\nSETTINGS enable_analyzer = 0");
        }
        return Sql.of(text.toString(), parameters);
    }

    /** The result column rows are ordered by. */
    public static String orderColumn(AnalyticsQuery query) {
        return metricColumn(query.event().orderMetric());
    }

    /** The result column a metric is answered in ({@link #metrics} names them). */
    static String metricColumn(Metric metric) {
        return switch (metric) {
            case CLICKS -> "clicks";
            case LEADS -> "leads";
            case SALES -> "sales";
            case SALE_AMOUNT -> "sale_total";
            case VIEWS -> "views";
            case UNIQUE_VISITORS -> "unique_visitors";
        };
    }

    static String timeColumn(Source source) {
        return switch (source) {
            case RAW_EVENTS -> "timestamp";
            case WORKSPACE_HOURLY, TRIGGER_HOURLY, DEVICE_HOURLY, UTM_HOURLY, GEO_HOURLY -> "hour";
        };
    }

    static List<String> metrics(AnalyticsQuery query, Source source) {
        boolean raw = source == Source.RAW_EVENTS;
        String count = raw ? "countIf(event_type = '%s')" : "sumIf(event_count, event_type = '%s')";
        List<String> columns = new ArrayList<>(List.of(
                count.formatted("click") + " AS clicks",
                count.formatted("lead") + " AS leads",
                count.formatted("sale") + " AS sales",
                count.formatted("view") + " AS views",
                (raw ? "sumIf(amount, event_type = 'sale')" : "sumIf(sale_amount, event_type = 'sale')") + " AS sale_total"));
        if (query.has(Metric.UNIQUE_VISITORS)) {
            // Tricky: the rollup merges hourly states of the same function raw uses, so both carry
            // uniqCombined64's error, and neither is exact; the surface reports the bound.
            columns.add((raw ? "uniqCombined64(14)(ip_hash)" : "uniqCombined64Merge(14)(visitors)") + " AS unique_visitors");
        }
        return columns;
    }

    /**
     * The bucket start in the query's zone, bound as a parameter. Tricky: hourly rollup rows fold into day,
     * week and month buckets exactly only in whole-hour zones; the catalog refuses the others.
     */
    static String bucket(AnalyticsQuery query, Source source, Parameters parameters) {
        String time = timeColumn(source);
        String zone = parameters.bind(Param.string(query.timeZone().getId()));
        return switch (query.granularity()) {
            case MINUTE -> "toStartOfMinute(" + time + ", " + zone + ")";
            case HOUR -> "toStartOfHour(" + time + ", " + zone + ")";
            case DAY -> "toStartOfDay(" + time + ", " + zone + ")";
            case WEEK -> "toDateTime(toMonday(" + time + ", " + zone + "), " + zone + ")";
            case MONTH -> "toDateTime(toStartOfMonth(" + time + ", " + zone + "), " + zone + ")";
        };
    }

    private static String linkAttributeRows(GroupBy groupBy, AnalyticsQuery query, Parameters parameters) {
        String current = " FROM links FINAL WHERE " + WorkspaceScope.bind(parameters, query.workspaceId()).predicate() + " AND NOT deleted";
        // The column comes from the group-by's Dimension (an enum), never from input.
        String column = groupBy.dimension().orElseThrow().column();
        return switch (groupBy) {
            case TOP_TAGS -> "SELECT id, arrayJoin(tag_ids) AS value" + current;
            // Each link's partner tags: none, since links carry no partner tags; the join yields no row.
            case TOP_PARTNER_TAGS -> "SELECT id, arrayJoin(CAST([], 'Array(String)')) AS value" + current;
            default -> "SELECT id, " + column + " AS value" + current + " AND " + column + " != ''";
        };
    }
}
