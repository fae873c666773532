package dev.tally.api.linkreport;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tally.runner.AnalyticsAnswer;
import dev.tally.runner.CountedValues;
import dev.tally.store.Row;
import io.micronaut.serde.annotation.Serdeable;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seeds/002's body: {@code {success: true, data: {...}}}. Every list is the top 10 by count; a direct visit
 * is a {@code null} referrer; device types are lower case; {@code time_series} lists only days (in the
 * workspace's zone) with at least one click, oldest first.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record LinkReportResponse(boolean success, Data data) {
    static final int TOP = 10;

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Data(String link_id, String short_code, long total_clicks, List<Map<String, Object>> time_series,
                List<Map<String, Object>> referrers, List<Map<String, Object>> countries, List<Map<String, Object>> cities,
                List<Map<String, Object>> devices, List<Map<String, Object>> browsers, List<Map<String, Object>> os) {
    }

    /** The answers, in the order the controller asks them. */
    record Answers(AnalyticsAnswer total, AnalyticsAnswer series, AnalyticsAnswer referrers, AnalyticsAnswer countries,
                   AnalyticsAnswer cities, AnalyticsAnswer devices, AnalyticsAnswer browsers, AnalyticsAnswer os) {
        List<AnalyticsAnswer> all() {
            return List.of(total, series, referrers, countries, cities, devices, browsers, os);
        }
    }

    static LinkReportResponse of(Row link, Answers answers, ZoneId zone) {
        return new LinkReportResponse(true, new Data(
                link.string("id"),
                link.string("key"),
                answers.total().rows().single().longValue("clicks"),
                answers.series().rows().rows().stream()
                        .map(r -> CountedValues.entry("date", LocalDate.ofInstant(r.instant("bucket"), zone).toString(), "count",
                                r.longValue("clicks"))).toList(),
                CountedValues.of(answers.referrers(), "referrer", value -> value.isEmpty() ? null : value, "clicks", "count"),
                CountedValues.of(answers.countries(), "country", "count"),
                answers.cities().rows().rows().stream().map(LinkReportResponse::city).toList(),
                CountedValues.folded(answers.devices(), "device_type", value -> value.toLowerCase(Locale.ROOT), "clicks", "count"),
                CountedValues.of(answers.browsers(), "browser", "count"),
                CountedValues.of(answers.os(), "os", "count")));
    }

    private static Map<String, Object> city(Row row) {
        Map<String, Object> city = new LinkedHashMap<>();
        city.put("city", row.string("value"));
        city.put("country", row.string("within_country"));
        city.put("count", row.longValue("clicks"));
        return city;
    }
}
