package dev.tally.runner;

import dev.tally.query.AnalyticsQuery;
import dev.tally.sql.Plan;
import dev.tally.store.Row;
import dev.tally.store.Rows;

import java.util.Map;

/**
 * A query's answer as ClickHouse gave it, with how it was answered. {@code links} describes the link ids
 * of a {@code top_links} answer (empty otherwise).
 */
public record AnalyticsAnswer(AnalyticsQuery query, Plan plan, Rows rows, Map<String, Row> links) {
    public AnalyticsAnswer {
        links = Map.copyOf(links);
    }
}
