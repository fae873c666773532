package dev.tally.api.analytics;

import dev.tally.links.Link;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.EventKind;
import dev.tally.query.GroupBy;
import dev.tally.query.Metric;
import dev.tally.query.TimeBuckets;
import dev.tally.runner.AnalyticsAnswer;
import dev.tally.runner.AnswerSources;
import dev.tally.runner.Cached;
import dev.tally.sql.SqlBuilder;
import dev.tally.store.Row;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /api/v1/analytics}, in Dub's public analytics shapes: {@code count} is one object,
 * every other group-by an array of rows keyed by the singular field, each row carrying
 * {@code clicks, leads, sales, saleAmount} as numbers.
 */
final class AnalyticsResponse {
    static final String DIRECT = "(direct)";

    private AnalyticsResponse() {
    }

    static Object body(AnalyticsAnswer answer) {
        AnalyticsQuery query = answer.query();
        return switch (query.groupBy()) {
            case COUNT -> {
                Map<String, Object> count = metrics(query, answer.rows().single());
                if (query.has(Metric.UNIQUE_VISITORS)) {
                    count.put(Metric.UNIQUE_VISITORS.publicName(), answer.rows().single().longValue("unique_visitors"));
                }
                yield count;
            }
            case TIMESERIES -> timeseries(answer);
            case CONTINENTS, REGIONS, COUNTRIES, CITIES, DEVICES, BROWSERS, OS, TRIGGERS, REFERERS, REFERER_URLS, TOP_LINKS,
                 TOP_URLS, TOP_BASE_URLS, TOP_DOMAINS, TOP_TAGS, TOP_FOLDERS, TOP_PARTNERS, TOP_GROUPS, TOP_PARTNER_TAGS, UTM_SOURCES,
                 UTM_MEDIUMS, UTM_CAMPAIGNS, UTM_TERMS, UTM_CONTENTS -> answer.rows().rows().stream().map(row -> groupRow(answer, row)).toList();
        };
    }

    /** Every bucket of the range in the query's zone, zero-filled, with {@code start} as a local ISO 8601 time. */
    private static List<Map<String, Object>> timeseries(AnalyticsAnswer answer) {
        Map<Instant, Row> byBucket = new HashMap<>();
        for (Row row : answer.rows().rows()) {
            byBucket.put(row.instant("bucket"), row);
        }
        List<Map<String, Object>> series = new ArrayList<>();
        for (Instant bucket : TimeBuckets.of(answer.query())) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("start", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(bucket.atZone(answer.query().timeZone())));
            Row row = byBucket.get(bucket);
            point.putAll(row == null ? zero(answer.query()) : metrics(answer.query(), row));
            series.add(point);
        }
        return series;
    }

    private static Map<String, Object> groupRow(AnalyticsAnswer answer, Row row) {
        Map<String, Object> out = new LinkedHashMap<>();
        String value = row.string("value");
        switch (answer.query().groupBy()) {
            case COUNT, TIMESERIES -> throw new IllegalStateException("not a group-by: " + answer.query().groupBy());
            case CONTINENTS -> out.put("continent", value);
            case COUNTRIES -> {
                out.put("country", value);
                out.put("region", "*");
                out.put("city", "*");
            }
            case REGIONS -> {
                out.put("country", row.string("within_country"));
                out.put("region", value);
            }
            case CITIES -> {
                out.put("country", row.string("within_country"));
                out.put("region", row.string("within_region"));
                out.put("city", value);
            }
            case DEVICES -> out.put("device", value);
            case BROWSERS -> out.put("browser", value);
            case OS -> out.put("os", value);
            case TRIGGERS -> out.put("trigger", value);
            case REFERERS -> out.put("referer", value.isEmpty() ? DIRECT : value);
            case REFERER_URLS -> out.put("refererUrl", value.isEmpty() ? DIRECT : value);
            case TOP_LINKS -> out.putAll(link(value, answer.links().get(value)));
            case TOP_URLS, TOP_BASE_URLS -> out.put("url", value);
            case TOP_DOMAINS -> out.put("domain", value);
            case TOP_TAGS -> out.put("tagId", value);
            case TOP_FOLDERS -> out.put("folderId", value);
            case TOP_PARTNERS -> out.put("partnerId", value);
            case TOP_GROUPS -> out.put("groupId", value);
            case TOP_PARTNER_TAGS -> out.put("partnerTagId", value);
            case UTM_SOURCES -> out.put("utm_source", value);
            case UTM_MEDIUMS -> out.put("utm_medium", value);
            case UTM_CAMPAIGNS -> out.put("utm_campaign", value);
            case UTM_TERMS -> out.put("utm_term", value);
            case UTM_CONTENTS -> out.put("utm_content", value);
        }
        out.putAll(metrics(answer.query(), row));
        return out;
    }

    /** A top link: its id and, from the links table's current state, where it lives and points. */
    private static Map<String, Object> link(String id, Row link) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("link", id);
        out.put("domain", link == null ? null : link.string("domain"));
        out.put("key", link == null ? null : link.string("key"));
        out.put("shortLink", link == null ? null : Link.shortLink(link.string("domain"), link.string("key")));
        out.put("url", link == null ? null : link.string("url"));
        out.put("createdAt", link == null ? null : link.instant("created_at").toString());
        return out;
    }

    private static Map<String, Object> metrics(AnalyticsQuery query, Row row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clicks", row.longValue("clicks"));
        out.put("leads", row.longValue("leads"));
        out.put("sales", row.longValue("sales"));
        out.put("saleAmount", row.longValue("sale_total"));
        if (query.event() == EventKind.VIEWS) {
            out.put("views", row.longValue("views"));
        }
        return out;
    }

    private static Map<String, Object> zero(AnalyticsQuery query) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clicks", 0L);
        out.put("leads", 0L);
        out.put("sales", 0L);
        out.put("saleAmount", 0L);
        if (query.event() == EventKind.VIEWS) {
            out.put("views", 0L);
        }
        return out;
    }

    /** The response headers saying how the answer was computed (the body keeps Dub's shape). */
    static Map<String, String> headers(AnalyticsAnswer answer) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Tally-Source", answer.plan().source().kind());
        headers.put("X-Tally-Table", answer.plan().source().table());
        headers.put(AnswerSources.CACHE_HEADER, Cached.header(answer.cacheHit()));
        if (answer.query().groupBy() == GroupBy.COUNT && answer.query().has(Metric.UNIQUE_VISITORS)) {
            headers.put("X-Tally-Unique-Visitors-Error", Double.toString(SqlBuilder.UNIQUES_RELATIVE_ERROR));
        }
        return headers;
    }
}
