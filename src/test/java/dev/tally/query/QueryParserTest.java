package dev.tally.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class QueryParserTest {
    private static final Instant NOW = Instant.parse("2026-03-15T10:17:42Z");
    private static final QueryParser PARSER = new QueryParser(Clock.fixed(NOW, ZoneOffset.UTC));
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static AnalyticsQuery parse(SurfaceRules rules, String... keysAndValues) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.computeIfAbsent(keysAndValues[i], k -> new java.util.ArrayList<>()).add(keysAndValues[i + 1]);
        }
        return PARSER.parse(params, rules, "ws_1", UTC);
    }

    private static AnalyticsQuery analytics(String... keysAndValues) {
        return parse(SurfaceRules.NATIVE_ANALYTICS, keysAndValues);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments(new String[]{"colour", "red"}, ParameterError.UNKNOWN_PARAMETER, "colour", "Unknown parameter 'colour'."),
                arguments(new String[]{"page", "2"}, ParameterError.UNKNOWN_PARAMETER, "page", "Unknown parameter 'page'."),
                arguments(new String[]{"country", "US", "country", "GB"}, ParameterError.REPEATED_PARAMETER, "country",
                        "country is given 2 times; list values once, comma-separated (country=a,b)."),
                arguments(new String[]{"country", ""}, ParameterError.EMPTY_VALUE, "country", "country must not be empty."),
                arguments(new String[]{"country", "-"}, ParameterError.EMPTY_VALUE, "country", "country must name at least one value."),
                arguments(new String[]{"event", "clickz"}, ParameterError.BAD_ENUM, "event",
                        "event must be one of clicks, leads, sales, composite, views, got 'clickz'."),
                arguments(new String[]{"interval", "2w"}, ParameterError.BAD_ENUM, "interval",
                        "interval must be one of 1h, 24h, 7d, 30d, 90d, mtd, qtd, ytd, 1y, all, all_unfiltered, got '2w'."),
                arguments(new String[]{"groupBy", "planets"}, ParameterError.BAD_ENUM, "groupBy",
                        "groupBy must be one of count, timeseries, continents, regions, countries, cities, devices, browsers, os, "
                                + "triggers, referers, referer_urls, top_links, top_urls, top_base_urls, top_domains, top_tags, top_folders, top_partners, "
                                + "top_groups, top_partner_tags, utm_sources, utm_mediums, utm_campaigns, utm_terms, utm_contents, got 'planets'."),
                arguments(new String[]{"start", "2026-13-01"}, ParameterError.BAD_DATE, "start",
                        "start must be an ISO 8601 date or date-time (e.g. 2026-01-31 or 2026-01-31T12:00:00Z), got '2026-13-01'."),
                arguments(new String[]{"start", "2026-03-01", "end", "yesterday"}, ParameterError.BAD_DATE, "end",
                        "end must be an ISO 8601 date or date-time (e.g. 2026-01-31 or 2026-01-31T12:00:00Z), got 'yesterday'."),
                arguments(new String[]{"start", "2026-03-10", "end", "2026-03-01"}, ParameterError.END_BEFORE_START, "end",
                        "end (2026-03-01T00:00:00Z) must be after start (2026-03-10T00:00:00Z)."),
                arguments(new String[]{"timezone", "Mars/Olympus"}, ParameterError.UNKNOWN_TIME_ZONE, "timezone",
                        "timezone must be an IANA time zone such as America/New_York, got 'Mars/Olympus'."),
                arguments(new String[]{"timezone", "+05:30"}, ParameterError.UNKNOWN_TIME_ZONE, "timezone",
                        "timezone must be an IANA time zone such as America/New_York, got '+05:30'."),
                arguments(new String[]{"country", "US,USA"}, ParameterError.BAD_COUNTRY, "country",
                        "country must be 2-letter ISO 3166-1 country codes (e.g. US,GB), got 'USA'."),
                arguments(new String[]{"continent", "-EU,XX"}, ParameterError.BAD_CONTINENT, "continent",
                        "continent must be one of AF, AN, AS, EU, NA, OC, SA, got 'XX'."),
                arguments(new String[]{"trigger", "nfc"}, ParameterError.BAD_ENUM, "trigger", "trigger must be one of qr, link, pageview, got 'nfc'."),
                arguments(new String[]{"saleType", "once"}, ParameterError.BAD_ENUM, "saleType", "saleType must be one of new, recurring, got 'once'."),
                arguments(new String[]{"root", "yes"}, ParameterError.BAD_ENUM, "root", "root must be true or false, got 'yes'."),
                arguments(new String[]{"externalId", "123"}, ParameterError.BAD_ENUM, "externalId",
                        "externalId must be prefixed with 'ext_' (e.g. ext_123), got '123'."),
                arguments(new String[]{"key", "launch"}, ParameterError.MISSING_DEPENDENCY, "key", "key must be used together with domain."),
                arguments(new String[]{"limit", "5001"}, ParameterError.LIMIT_TOO_LARGE, "limit", "limit must be at most 5000, got 5001."),
                arguments(new String[]{"limit", "0"}, ParameterError.BAD_NUMBER, "limit", "limit must be a positive integer, got '0'."),
                arguments(new String[]{"limit", "ten"}, ParameterError.BAD_NUMBER, "limit", "limit must be a positive integer, got 'ten'."),
                arguments(new String[]{"tagId", "a", "tagIds", "b"}, ParameterError.REPEATED_PARAMETER, "tagIds",
                        "tagId and tagIds are the same filter; pass one."),
                arguments(new String[]{"query", "plan"}, ParameterError.NOT_APPLICABLE, "query",
                        "query searches the metadata of leads and sales; use it with event=leads or event=sales."),
                arguments(new String[]{"event", "sales", "query", "x".repeat(10_001)}, ParameterError.VALUE_TOO_LONG, "query",
                        "query must be at most 10000 characters, got 10001."));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("refusals")
    void refusesWithAPreciseMessageNamingTheParameter(String[] params, ParameterError code, String parameter, String message) {
        assertThatThrownBy(() -> analytics(params)).isInstanceOfSatisfying(QueryException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.parameter()).isEqualTo(parameter);
        });
    }

    @Test
    void eventsListRefusesPagesAboveItsMaximumAndEventsItDoesNotList() {
        assertThatThrownBy(() -> parse(SurfaceRules.EVENTS_LIST, "pageSize", "1001")).hasMessage("pageSize must be at most 1000, got 1001.");
        assertThatThrownBy(() -> parse(SurfaceRules.EVENTS_LIST, "limit", "10", "pageSize", "10"))
                .hasMessage("limit and pageSize are the same setting; pass one.");
        assertThatThrownBy(() -> parse(SurfaceRules.EVENTS_LIST, "event", "composite"))
                .hasMessage("event must be one of clicks, leads, sales, got 'composite'.");
        assertThatThrownBy(() -> parse(SurfaceRules.EVENTS_LIST, "sortBy", "amount")).hasMessage("sortBy must be one of timestamp, got 'amount'.");
        assertThatThrownBy(() -> parse(SurfaceRules.EVENTS_LIST, "groupBy", "count")).hasMessage("Unknown parameter 'groupBy'.");
    }

    @Test
    void aSurfaceMayCapTheRange() {
        SurfaceRules ninetyDays = new SurfaceRules(List.of(EventKind.CLICKS), true, false, 10, 100, java.time.Duration.ofDays(90));
        assertThatThrownBy(() -> parse(ninetyDays, "start", "2025-01-01", "end", "2025-06-01"))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.code()).isEqualTo(ParameterError.RANGE_TOO_LARGE))
                .hasMessage("the range from start to end must be at most 90 days, got 151 days.");
        assertThat(parse(ninetyDays, "start", "2025-01-01", "end", "2025-03-01").granularity()).isEqualTo(Granularity.DAY);
    }

    @Test
    void defaultsToTheLast24WholeHoursHourlyWithoutBots() {
        AnalyticsQuery query = analytics();
        assertThat(query.range()).isEqualTo(new TimeRange(Instant.parse("2026-03-14T10:00:00Z"), Instant.parse("2026-03-15T11:00:00Z")));
        assertThat(query.granularity()).isEqualTo(Granularity.HOUR);
        assertThat(query.includeBots()).isFalse();
        assertThat(query.event()).isEqualTo(EventKind.CLICKS);
        assertThat(query.groupBy()).isEqualTo(GroupBy.COUNT);
        assertThat(query.limit()).isEqualTo(100);
        assertThat(query.timeZone()).isEqualTo(UTC);
        assertThat(query.has(Metric.UNIQUE_VISITORS)).isTrue();
    }

    @Test
    void presetsFixTheirGranularityAndOnlyAllUnfilteredKeepsBots() {
        Map<String, Granularity> expected = Map.ofEntries(Map.entry("1h", Granularity.HOUR), Map.entry("24h", Granularity.HOUR),
                Map.entry("7d", Granularity.DAY), Map.entry("30d", Granularity.DAY), Map.entry("90d", Granularity.DAY),
                Map.entry("mtd", Granularity.DAY), Map.entry("qtd", Granularity.DAY), Map.entry("ytd", Granularity.MONTH),
                Map.entry("1y", Granularity.MONTH), Map.entry("all", Granularity.MONTH), Map.entry("all_unfiltered", Granularity.MONTH));
        expected.forEach((interval, granularity) -> {
            AnalyticsQuery query = analytics("interval", interval);
            assertThat(query.granularity()).as(interval).isEqualTo(granularity);
            assertThat(query.includeBots()).as(interval).isEqualTo(interval.equals("all_unfiltered"));
        });
        assertThat(analytics("interval", "mtd").range().start()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(analytics("interval", "qtd").range().start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(analytics("interval", "7d").range().start()).isEqualTo(Instant.parse("2026-03-08T10:00:00Z"));
    }

    @Test
    void customRangesGetHoursThenDaysThenMonthsAndStartWinsOverInterval() {
        assertThat(analytics("interval", "1y", "start", "2026-03-13T11:00:00Z").granularity()).isEqualTo(Granularity.HOUR);
        assertThat(analytics("start", "2026-03-12T00:00:00Z").granularity()).isEqualTo(Granularity.DAY);
        assertThat(analytics("start", "2025-09-01", "end", "2026-02-27").granularity()).isEqualTo(Granularity.DAY);
        assertThat(analytics("start", "2025-01-01", "end", "2026-02-27").granularity()).isEqualTo(Granularity.MONTH);
        AnalyticsQuery query = analytics("interval", "1y", "start", "2026-03-01");
        assertThat(query.range()).isEqualTo(new TimeRange(Instant.parse("2026-03-01T00:00:00Z"), NOW));
    }

    @Test
    void localDatesAreReadInTheAskedTimeZoneAndTheWorkspaceZoneIsTheDefault() {
        AnalyticsQuery newYork = analytics("timezone", "America/New_York", "start", "2026-03-01", "end", "2026-03-10T12:00:00");
        assertThat(newYork.range()).isEqualTo(new TimeRange(Instant.parse("2026-03-01T05:00:00Z"), Instant.parse("2026-03-10T16:00:00Z")));
        AnalyticsQuery workspaceZone = PARSER.parse(Map.of(), SurfaceRules.NATIVE_ANALYTICS, "ws_1", ZoneId.of("Asia/Kolkata"));
        assertThat(workspaceZone.timeZone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
        // 24 whole hours of Kolkata: its hours start at :30 UTC.
        assertThat(workspaceZone.range().start()).isEqualTo(Instant.parse("2026-03-14T09:30:00Z"));
    }

    @Test
    void advancedFilteringListsExcludesAndNormalises() {
        AnalyticsQuery query = analytics("country", "-us,GB,US", "device", "Mobile", "tagIds", "t1,t2", "externalId", "ext_crm-1",
                "domain", "tly.sh", "key", "a,b", "root", "false", "event", "sales", "query", "Pro", "saleType", "new");
        assertThat(query.filters()).containsExactly(
                Filter.including(Dimension.DOMAIN, "tly.sh"),
                Filter.including(Dimension.KEY, "a,b"),
                Filter.including(Dimension.EXTERNAL_ID, "crm-1"),
                Filter.including(Dimension.TAG_ID, "t1", "t2"),
                Filter.excluding(Dimension.COUNTRY, "US", "GB"),
                Filter.including(Dimension.DEVICE, "Mobile"),
                Filter.including(Dimension.SALE_TYPE, "new"));
        assertThat(query.root()).isEqualTo(RootFilter.LINKS_ONLY);
        assertThat(query.metadataSearch()).isEqualTo("Pro");
        assertThat(query.event().orderMetric()).isEqualTo(Metric.SALE_AMOUNT);
    }

    @Test
    void eventsListPagesWithLimitOrPageSize() {
        AnalyticsQuery query = parse(SurfaceRules.EVENTS_LIST, "page", "3", "pageSize", "50", "sortOrder", "asc", "sortBy", "timestamp");
        assertThat(query.limit()).isEqualTo(50);
        assertThat(query.offset()).isEqualTo(100);
        assertThat(query.sortOrder()).isEqualTo(SortOrder.ASC);
        assertThat(parse(SurfaceRules.EVENTS_LIST).limit()).isEqualTo(100);
    }

    @Test
    void timeBucketsCoverTheRangeAcrossDstWithoutGapsOrRepeats() {
        AnalyticsQuery query = analytics("timezone", "America/New_York", "start", "2026-03-07", "end", "2026-03-10", "groupBy", "timeseries")
                .withGranularity(Granularity.DAY);
        assertThat(TimeBuckets.of(query)).containsExactly(Instant.parse("2026-03-07T05:00:00Z"),
                Instant.parse("2026-03-08T05:00:00Z"), Instant.parse("2026-03-09T04:00:00Z"));
        assertThat(TimeBuckets.of(query.withGranularity(Granularity.HOUR))).hasSize(71);
    }
}
