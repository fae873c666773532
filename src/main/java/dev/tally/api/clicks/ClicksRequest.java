package dev.tally.api.clicks;

import dev.tally.api.error.ApiException;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Filter;
import dev.tally.query.GroupBy;
import dev.tally.query.Granularity;
import dev.tally.query.RangeParser;
import dev.tally.query.SortOrder;
import dev.tally.query.SurfaceRules;
import dev.tally.query.TimeRange;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Seeds/000's parameters, checked and turned into one {@link AnalyticsQuery} (for {@code data}) whose
 * {@code COUNT} twin gives {@code total}. Dates are UTC, as the seed's answers are.
 *
 * <ul>
 *   <li>{@code start}/{@code end}: a date ({@code 2026-03-01}: the whole day, {@code end} inclusive) or an
 *       ISO 8601 time ({@code end} inclusive to the second). Neither: the last 30 days through today; only
 *       {@code start}: through today (the current time); only {@code end}: the 30 days before it.</li>
 *   <li>ranges over 365 days, {@code end} before {@code start}, unknown values: 400.</li>
 *   <li>{@code interval} is the bucket width of {@code groupBy=day}: {@code 1h} hours, {@code 1d} days,
 *       {@code 7d}/{@code 30d}/{@code 90d} runs of days counted from {@code start}'s day.</li>
 * </ul>
 *
 * @param query       the data query (its range is the half-open {@code [start, end + 1s)})
 * @param bucketDays  days per bucket for {@code groupBy=day} ({@code 0} for hourly buckets)
 * @param grouping    the seed's {@code groupBy} value
 */
record ClicksRequest(AnalyticsQuery query, int bucketDays, String grouping) {
    static final int DEFAULT_LIMIT = SurfaceRules.CLICKS.defaultLimit();

    static ClicksRequest parse(ClicksSurface surface, ClicksParams params, String workspaceId, Instant now) {
        String interval = params.interval() == null ? "1d" : params.interval();
        if (!surface.intervals.contains(interval)) {
            throw ApiException.badRequest("interval must be one of " + String.join(", ", surface.intervals) + "; got '" + interval + "'.");
        }
        String grouping = params.groupBy() == null ? "day" : params.groupBy();
        if (!surface.groupBys.contains(grouping)) {
            throw ApiException.badRequest("groupBy must be one of " + String.join(", ", surface.groupBys) + "; got '" + grouping + "'.");
        }
        int limit = limit(surface.rules, params.limit());
        // Tricky: ZoneOffset.UTC's id is "Z", which ClickHouse does not know; the region id "UTC" it does.
        ZoneId utc = ZoneId.of("UTC");
        TimeRange range = RangeParser.range(surface.rules.range(), params.start(), params.end(), null, utc, now);
        GroupBy groupBy = switch (grouping) {
            case "day" -> GroupBy.TIMESERIES;
            case "country" -> GroupBy.COUNTRIES;
            case "device" -> GroupBy.DEVICES;
            case "browser" -> GroupBy.BROWSERS;
            case "referrer" -> GroupBy.REFERERS;
            default -> throw new IllegalStateException("unchecked groupBy " + grouping);
        };
        AnalyticsQuery query = AnalyticsQuery.of(workspaceId, surface.rules.events().getFirst(), range, utc,
                        interval.equals("1h") ? Granularity.HOUR : Granularity.DAY)
                .withGroupBy(groupBy)
                .withPage(limit, 0, SortOrder.DESC);
        if (params.id() != null) {
            if (params.id().isBlank()) {
                throw ApiException.badRequest(surface.idParameter + " must not be empty.");
            }
            query = query.withFilter(Filter.including(surface.idDimension, params.id()));
        }
        int bucketDays = interval.equals("1h") ? 0 : Integer.parseInt(interval.substring(0, interval.length() - 1));
        return new ClicksRequest(query, bucketDays, grouping);
    }

    private static int limit(SurfaceRules rules, String value) {
        if (value == null) {
            return rules.defaultLimit();
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= rules.maxLimit()) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("limit must be an integer from 1 to " + rules.maxLimit() + "; got '" + value + "'.");
    }

}
