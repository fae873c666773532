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
 * Bench only: the link report's and slug analytics' one statement as {@link GroupingSetsSql} wrote it before ADR 0180
 * (a {@code row_number()} window over three subqueries, every metric of {@link SqlBuilder#metrics}), so ShapeBench
 * can time it beside today's statement in the same run. Not used by any surface.
 */
public final class WindowedGroupingSetsSql {
    private WindowedGroupingSetsSql() {
    }

    public static Sql build(List<AnalyticsQuery> parts) {
        Parameters parameters = new Parameters();
        AnalyticsQuery first = parts.getFirst();
        Set<Metric> metrics = EnumSet.noneOf(Metric.class);
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
        List<String> partOfMask = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            long mask = 0;
            for (int k = 0; k < keys.size(); k++) {
                if (!sets.get(i).contains(keys.get(k))) {
                    mask |= 1L << (keys.size() - 1 - k);
                }
            }
            partOfMask.add("g = " + mask + ", " + i);
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
        List<String> metricColumns = SqlBuilder.metrics(union, Source.RAW_EVENTS);
        List<String> metricNames = metricColumns.stream().map(column -> column.substring(column.lastIndexOf(" AS ") + 4)).toList();
        List<String> groupingSets = sets.stream().map(set -> "(" + String.join(", ", set) + ")").toList();
        String where = Predicates.where(first, Source.RAW_EVENTS, parameters);
        List<Integer> unlimited = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).groupBy().dimension().isEmpty()) {
                unlimited.add(i);
            }
        }
        String limit = parameters.bind(Param.uint32(first.limit()));

        String text = "SELECT part, bucket, within_country, within_region, value, " + String.join(", ", metricNames)
                + "\nFROM (\n  SELECT *, row_number() OVER (PARTITION BY part ORDER BY " + SqlBuilder.orderColumn(first)
                + " DESC, within_country, within_region, value) AS place"
                + "\n  FROM (\n    SELECT multiIf(" + String.join(", ", partOfMask) + ", -1) AS part,"
                + "\n      " + (bucket == null ? "toDateTime(0, 'UTC')" : "bucket") + " AS bucket,"
                + "\n      toString(" + multiIf(withinCountry) + ") AS within_country,"
                + "\n      toString(" + multiIf(withinRegion) + ") AS within_region,"
                + "\n      toString(" + multiIf(value) + ") AS value,"
                + "\n      " + String.join(", ", metricNames)
                + "\n    FROM (\n      SELECT " + (bucket == null ? "" : bucket + " AS bucket, ")
                + String.join(", ", keys.stream().filter(key -> !key.equals("bucket")).toList())
                + (keys.size() > (bucket == null ? 0 : 1) ? ", " : "")
                + String.join(", ", metricColumns) + ", grouping(" + String.join(", ", keys) + ") AS g"
                + "\n      FROM " + Source.RAW_EVENTS.table()
                + "\n      WHERE " + where.replace("\n", "\n      ")
                + "\n      GROUP BY GROUPING SETS (" + String.join(", ", groupingSets) + ")\n    )\n  )\n)"
                + "\nWHERE part IN (" + String.join(", ", unlimited.stream().map(String::valueOf).toList()) + (unlimited.isEmpty() ? "-1" : "")
                + ") OR place <= " + limit
                + "\nORDER BY part, bucket, place"
                + "\nSETTINGS force_grouping_standard_compatibility = 1";
        return Sql.of(text, parameters);
    }

    private static String multiIf(List<String> branches) {
        return branches.isEmpty() ? "''" : "multiIf(" + String.join(", ", branches) + ", '')";
    }
}
