package dev.tally.api.linkreport;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tally.runner.AnalyticsAnswer;
import dev.tally.store.Row;
import io.micronaut.core.annotation.Nullable;
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
    record Data(String link_id, String short_code, long total_clicks, List<Day> time_series, List<Referrer> referrers,
                List<Country> countries, List<City> cities, List<Device> devices, List<Browser> browsers, List<Os> os) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Day(String date, long count) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Referrer(@Nullable String referrer, long count) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Country(String country, long count) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record City(String city, String country, long count) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Device(String device_type, long count) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Browser(String browser, long count) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Os(String os, long count) {
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
                        .map(r -> new Day(LocalDate.ofInstant(r.instant("bucket"), zone).toString(), r.longValue("clicks"))).toList(),
                rows(answers.referrers()).stream().map(r -> new Referrer(r.string("value").isEmpty() ? null : r.string("value"), r.longValue("clicks"))).toList(),
                rows(answers.countries()).stream().map(r -> new Country(r.string("value"), r.longValue("clicks"))).toList(),
                rows(answers.cities()).stream().map(r -> new City(r.string("value"), r.string("within_country"), r.longValue("clicks"))).toList(),
                devices(answers.devices()),
                rows(answers.browsers()).stream().map(r -> new Browser(r.string("value"), r.longValue("clicks"))).toList(),
                rows(answers.os()).stream().map(r -> new Os(r.string("value"), r.longValue("clicks"))).toList()));
    }

    private static List<Row> rows(AnalyticsAnswer answer) {
        return answer.rows().rows();
    }

    /** Device types folded to lower case (the seed's {@code mobile, tablet, desktop}). */
    private static List<Device> devices(AnalyticsAnswer answer) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Row row : rows(answer)) {
            counts.merge(row.string("value").toLowerCase(Locale.ROOT), row.longValue("clicks"), Long::sum);
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new Device(e.getKey(), e.getValue())).toList();
    }
}
