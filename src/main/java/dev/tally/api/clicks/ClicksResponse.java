package dev.tally.api.clicks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tally.runner.AnalyticsAnswer;
import dev.tally.runner.CountedValues;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.TimeBuckets;
import dev.tally.store.Row;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Seeds/000's body: {@code {data: [{<groupBy field>, clicks|views}], total, start, end}}, {@code start} and
 * {@code end} in ISO 8601 UTC ({@code end} inclusive, e.g. {@code 2026-03-15T23:59:59Z}). Day buckets are
 * {@code YYYY-MM-DD} (the first day of a 7d/30d/90d run), hour buckets ISO 8601 UTC times; every bucket of
 * the range is listed (zero-filled, oldest first, at most {@code limit}). Direct traffic is {@code "direct"};
 * device names are lower case.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record ClicksResponse(List<Map<String, Object>> data, long total, String start, String end) {
    static final String DIRECT = "direct";

    static ClicksResponse of(ClicksSurface surface, ClicksRequest request, AnalyticsAnswer data, long total) {
        AnalyticsQuery query = request.query();
        List<Map<String, Object>> rows = request.grouping().equals("day")
                ? series(surface, request, data)
                : groups(surface, request, data);
        return new ClicksResponse(rows, total, query.range().start().toString(), query.range().end().minusSeconds(1).toString());
    }

    private static List<Map<String, Object>> series(ClicksSurface surface, ClicksRequest request, AnalyticsAnswer data) {
        Map<Instant, Long> byBucket = new HashMap<>();
        for (Row row : data.rows().rows()) {
            byBucket.put(row.instant("bucket"), row.longValue(surface.countField));
        }
        // Tricky: 7d/30d/90d buckets are runs of days from start's day, folded here from the day buckets
        // (the store's week and month buckets are calendar-aligned, which is not what "7d" means).
        Map<String, Long> buckets = new LinkedHashMap<>();
        List<Instant> starts = TimeBuckets.of(request.query());
        LocalDate first = LocalDate.ofInstant(request.query().range().start(), ZoneOffset.UTC);
        for (Instant bucket : starts) {
            String label;
            if (request.bucketDays() == 0) {
                label = bucket.toString();
            } else {
                LocalDate day = LocalDate.ofInstant(bucket, ZoneOffset.UTC);
                long run = (day.toEpochDay() - first.toEpochDay()) / request.bucketDays();
                label = first.plusDays(run * request.bucketDays()).toString();
            }
            buckets.merge(label, byBucket.getOrDefault(bucket, 0L), Long::sum);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, Long> bucket : buckets.entrySet()) {
            if (rows.size() == request.query().limit()) {
                break;
            }
            rows.add(CountedValues.entry("date", bucket.getKey(), surface.countField, bucket.getValue()));
        }
        return rows;
    }

    private static List<Map<String, Object>> groups(ClicksSurface surface, ClicksRequest request, AnalyticsAnswer data) {
        UnaryOperator<String> display = switch (request.grouping()) {
            case "referrer" -> value -> value.isEmpty() ? DIRECT : value;
            case "device" -> value -> value.toLowerCase(Locale.ROOT);
            default -> UnaryOperator.identity();
        };
        return CountedValues.folded(data, request.grouping(), display, surface.countField, surface.countField);
    }
}
