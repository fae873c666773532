package dev.tally.api.slug;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tally.runner.AnalyticsAnswer;
import dev.tally.query.TimeBuckets;
import dev.tally.store.Row;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seeds/004's body. {@code time_series} lists every day of the period (zero-filled, oldest first);
 * each {@code top_*} list is the top 10 by count; direct traffic is {@code "direct"}; device names lower
 * case; {@code unique_visitors} counts distinct IP hashes (uniqCombined64, exact for small sets and within
 * ~0.8% beyond).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record SlugResponse(String slug, String period, long total_clicks, long unique_visitors, List<Day> time_series,
                    List<Referrer> top_referrers, List<Country> top_countries, List<Device> top_devices,
                    List<Browser> top_browsers) {
    static final int TOP = 10;
    static final String DIRECT = "direct";

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Day(String date, long clicks) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Referrer(String referrer, long count) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Country(String country, long count) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Device(String device, long count) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Browser(String browser, long count) {
    }

    /** The answers, in the order the controller asks them. */
    record Answers(AnalyticsAnswer total, AnalyticsAnswer series, AnalyticsAnswer referrers, AnalyticsAnswer countries,
                   AnalyticsAnswer devices, AnalyticsAnswer browsers) {
        List<AnalyticsAnswer> all() {
            return List.of(total, series, referrers, countries, devices, browsers);
        }
    }

    static SlugResponse of(String slug, String period, Answers answers, ZoneId zone) {
        Row total = answers.total().rows().single();
        Map<Instant, Long> byDay = new HashMap<>();
        answers.series().rows().rows().forEach(r -> byDay.put(r.instant("bucket"), r.longValue("clicks")));
        List<Day> series = TimeBuckets.of(answers.series().query()).stream()
                .map(day -> new Day(LocalDate.ofInstant(day, zone).toString(), byDay.getOrDefault(day, 0L))).toList();
        return new SlugResponse(slug, period, total.longValue("clicks"), total.longValue("unique_visitors"), series,
                answers.referrers().rows().rows().stream()
                        .map(r -> new Referrer(r.string("value").isEmpty() ? DIRECT : r.string("value"), r.longValue("clicks"))).toList(),
                answers.countries().rows().rows().stream().map(r -> new Country(r.string("value"), r.longValue("clicks"))).toList(),
                devices(answers.devices()),
                answers.browsers().rows().rows().stream().map(r -> new Browser(r.string("value"), r.longValue("clicks"))).toList());
    }

    private static List<Device> devices(AnalyticsAnswer answer) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Row row : answer.rows().rows()) {
            counts.merge(row.string("value").toLowerCase(Locale.ROOT), row.longValue("clicks"), Long::sum);
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new Device(e.getKey(), e.getValue())).toList();
    }
}
