package dev.tally.api.analytics;

import dev.tally.runner.AnalyticsAnswer;
import dev.tally.query.Dimension;
import dev.tally.store.Row;
import dev.tally.support.Oracle.Totals;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads service answers into the oracle's shapes, for comparison. */
final class Answers {
    private Answers() {
    }

    static Totals totals(Row row) {
        return new Totals(row.longValue("clicks"), row.longValue("leads"), row.longValue("sales"), row.longValue("views"),
                row.longValue("sale_total"));
    }

    static Map<List<String>, Totals> groups(AnalyticsAnswer answer) {
        Dimension dimension = answer.query().groupBy().dimension().orElseThrow();
        Map<List<String>, Totals> groups = new HashMap<>();
        for (Row row : answer.rows().rows()) {
            List<String> key = switch (dimension) {
                case REGION -> List.of(row.string("within_country"), row.string("value"));
                case CITY -> List.of(row.string("within_country"), row.string("within_region"), row.string("value"));
                default -> List.of(row.string("value"));
            };
            groups.put(key, totals(row));
        }
        return groups;
    }

    static Map<Instant, Totals> series(AnalyticsAnswer answer) {
        Map<Instant, Totals> series = new HashMap<>();
        for (Row row : answer.rows().rows()) {
            series.put(row.instant("bucket"), totals(row));
        }
        return series;
    }
}
