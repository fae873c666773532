package dev.tally.api.slug;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tally.runner.AnalyticsAnswer;
import dev.tally.runner.CountedValues;
import dev.tally.query.TimeBuckets;
import dev.tally.store.Row;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
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
record SlugResponse(String slug, String period, long total_clicks, long unique_visitors, List<Map<String, Object>> time_series,
                    List<Map<String, Object>> top_referrers, List<Map<String, Object>> top_countries, List<Map<String, Object>> top_devices,
                    List<Map<String, Object>> top_browsers) {
    static final int TOP = 10;
    static final String DIRECT = "direct";

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
        List<Map<String, Object>> series = TimeBuckets.of(answers.series().query()).stream()
                .map(day -> CountedValues.entry("date", LocalDate.ofInstant(day, zone).toString(), "clicks", byDay.getOrDefault(day, 0L)))
                .toList();
        return new SlugResponse(slug, period, total.longValue("clicks"), total.longValue("unique_visitors"), series,
                CountedValues.of(answers.referrers(), "referrer", value -> value.isEmpty() ? DIRECT : value, "clicks", "count"),
                CountedValues.of(answers.countries(), "country", "count"),
                CountedValues.folded(answers.devices(), "device", value -> value.toLowerCase(Locale.ROOT), "clicks", "count"),
                CountedValues.of(answers.browsers(), "browser", "count"));
    }
}
