package dev.tally.sql;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Dimension;
import dev.tally.query.GroupBy;
import dev.tally.query.Metric;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Several group-bys of one raw-table question (seed 002's link report asks eight, seed 004's slug analytics
 * six) as one statement: one scan of the matching rows aggregated under {@code GROUP BY GROUPING SETS}, one
 * set per part, instead of a scan per part (docs/adr/0106-multi-part-answers-in-one-scan.md).
 *
 * Result columns: {@code part} (the part's index in the list asked), {@code bucket} (timeseries parts),
 * {@code within_country}, {@code within_region} (regions and cities), {@code value} (group-by parts) and, named as
 * {@link SqlBuilder} names them, the metrics some part asks for (and the one rows are ranked by), no others. Each part's rows come in the order and
 * with the limit its own statement would give them ({@link SqlBuilder#aggregate}), so a part's rows are
 * exactly the rows of that statement (GroupingSetsTest compares them on generated data).
 */
public final class GroupingSetsSql {
    /** The group-bys a set can stand for: totals, the timeseries, and the top values of an event column. */
    private static final Set<GroupBy> SUPPORTED = EnumSet.of(GroupBy.COUNT, GroupBy.TIMESERIES, GroupBy.CONTINENTS,
            GroupBy.REGIONS, GroupBy.COUNTRIES, GroupBy.CITIES, GroupBy.DEVICES, GroupBy.BROWSERS, GroupBy.OS, GroupBy.TRIGGERS,
            GroupBy.REFERERS, GroupBy.REFERER_URLS, GroupBy.TOP_URLS, GroupBy.TOP_DOMAINS, GroupBy.UTM_SOURCES, GroupBy.UTM_MEDIUMS,
            GroupBy.UTM_CAMPAIGNS, GroupBy.UTM_TERMS, GroupBy.UTM_CONTENTS);

    private GroupingSetsSql() {
    }

    /**
     * Whether the parts can be one statement: the same question (workspace, range, filters, page…) but for the
     * group-by and the metrics, each group-by once and {@link #SUPPORTED}. Whether the raw table is the right
     * source is the planner's call ({@link Planner#planTogether}).
     */
    static boolean combinable(List<AnalyticsQuery> parts) {
        if (parts.size() < 2) {
            return false;
        }
        AnalyticsQuery first = parts.getFirst();
        Set<GroupBy> seen = EnumSet.noneOf(GroupBy.class);
        for (AnalyticsQuery part : parts) {
            if (!SUPPORTED.contains(part.groupBy()) || !seen.add(part.groupBy())
                    || !part.withGroupBy(first.groupBy()).withMetrics(first.metrics()).equals(first)) {
                return false;
            }
        }
        return true;
    }

    static Sql build(List<AnalyticsQuery> parts) {
        Parameters parameters = new Parameters();
        AnalyticsQuery first = parts.getFirst();
        // Only the metrics some part asks for (and the one rows are ranked by): every aggregate is computed for every
        // set, so a metric no part reads costs a state per group of every set (docs/adr/0180-one-link-statement-cost.md).
        Set<Metric> metrics = EnumSet.of(first.event().orderMetric());
        parts.forEach(part -> metrics.addAll(part.metrics()));
        AnalyticsQuery union = first.withMetrics(metrics);

        // The key columns of every set, each once: the bucket, then the event columns in the order parts name them.
        List<String> keys = new ArrayList<>();
        List<List<String>> sets = new ArrayList<>();
        String bucket = null;
        for (AnalyticsQuery part : parts) {
            List<String> set = new ArrayList<>();
            if (part.groupBy() == GroupBy.TIMESERIES) {
                bucket = SqlBuilder.bucket(part, Source.RAW_EVENTS, parameters);
                set.add("bucket");
            } else if (part.groupBy() != GroupBy.COUNT) {
                Dimension dimension = part.groupBy().dimension().orElseThrow();
                if (dimension == Dimension.REGION || dimension == Dimension.CITY) {
                    set.add(Dimension.COUNTRY.column());
                }
                if (dimension == Dimension.CITY) {
                    set.add(Dimension.REGION.column());
                }
                set.add(dimension.column());
            }
            set.forEach(key -> {
                if (!keys.contains(key)) {
                    keys.add(key);
                }
            });
            sets.add(set);
        }

        // Tricky: grouping(k1, …, kn) has bit n-1-i set when key i is NOT in the row's set (the standard's
        // meaning, pinned by the setting below), so each set has its own mask and the mask names the part.
        List<String> masks = new ArrayList<>();
        List<String> indices = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            long mask = 0;
            for (int k = 0; k < keys.size(); k++) {
                if (!sets.get(i).contains(keys.get(k))) {
                    mask |= 1L << (keys.size() - 1 - k);
                }
            }
            masks.add(String.valueOf(mask));
            indices.add(String.valueOf(i));
        }
        List<String> value = new ArrayList<>();
        List<String> withinCountry = new ArrayList<>();
        List<String> withinRegion = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Optional<Dimension> dimension = parts.get(i).groupBy().dimension();
            if (dimension.isEmpty()) {
                continue;
            }
            value.add("part = " + i + ", " + dimension.get().column());
            if (dimension.get() == Dimension.REGION || dimension.get() == Dimension.CITY) {
                withinCountry.add("part = " + i + ", " + Dimension.COUNTRY.column());
            }
            if (dimension.get() == Dimension.CITY) {
                withinRegion.add("part = " + i + ", " + Dimension.REGION.column());
            }
        }
        List<String> metricColumns = SqlBuilder.metrics(union, Source.RAW_EVENTS).stream()
                .filter(column -> metrics.stream().anyMatch(metric -> column.endsWith(" AS " + SqlBuilder.metricColumn(metric)))).toList();
        List<String> metricNames = metricColumns.stream().map(column -> column.substring(column.lastIndexOf(" AS ") + 4)).toList();
        List<String> groupingSets = sets.stream().map(set -> "(" + String.join(", ", set) + ")").toList();
        String where = Predicates.where(first, Source.RAW_EVENTS, parameters);
        String limit = parameters.bind(Param.uint32(first.limit()));

        // Each part's top rows: LIMIT … BY (part, bucket) cuts every group-by part to its top values, while the
        // total (one row) and the series (one row per bucket, the bucket being its key) are never cut; a set without
        // the bucket has the column's default in every row. One subquery and no window function: the statement's
        // front half (analysis, plan) was ~40 % of its engine time with the window over three subqueries (ADR 0180).
        String text = "SELECT transform(g, [" + String.join(", ", masks) + "], [" + String.join(", ", indices) + "], -1) AS part, bucket,"
                + "\n  toString(" + multiIf(withinCountry) + ") AS within_country,"
                + "\n  toString(" + multiIf(withinRegion) + ") AS within_region,"
                + "\n  toString(" + multiIf(value) + ") AS value,"
                + "\n  " + String.join(", ", metricNames)
                + "\nFROM (\n  SELECT " + (bucket == null ? "toDateTime(0, 'UTC')" : bucket) + " AS bucket, "
                + String.join(", ", keys.stream().filter(key -> !key.equals("bucket")).toList())
                + (keys.size() > (bucket == null ? 0 : 1) ? ", " : "")
                + String.join(", ", metricColumns) + ", grouping(" + String.join(", ", keys) + ") AS g"
                + "\n  FROM " + Source.RAW_EVENTS.table()
                + "\n  WHERE " + where.replace("\n", "\n  ")
                + "\n  GROUP BY GROUPING SETS (" + String.join(", ", groupingSets) + ")\n)"
                + "\nORDER BY part, bucket, " + SqlBuilder.orderColumn(first) + " DESC, within_country, within_region, value"
                + "\nLIMIT " + limit + " BY part, bucket"
                + "\nSETTINGS force_grouping_standard_compatibility = 1";
        return Sql.of(text, parameters);
    }

    private static String multiIf(List<String> branches) {
        return branches.isEmpty() ? "''" : "multiIf(" + String.join(", ", branches) + ", '')";
    }
}
