package dev.tally.runner;

import dev.tally.query.AnalyticsQuery;
import dev.tally.sql.Plan;
import dev.tally.store.Row;
import dev.tally.store.Rows;

import java.util.Map;

/**
 * A query's answer as ClickHouse gave it, with how it was answered. {@code links} describes the link ids
 * of a {@code top_links} answer (empty otherwise); {@code cacheHit} says it came from the result cache.
 */
public record AnalyticsAnswer(AnalyticsQuery query, Plan plan, Rows rows, Map<String, Row> links, boolean cacheHit) {
    public AnalyticsAnswer {
        links = Map.copyOf(links);
    }

    /** A freshly computed answer. */
    public AnalyticsAnswer(AnalyticsQuery query, Plan plan, Rows rows, Map<String, Row> links) {
        this(query, plan, rows, links, false);
    }

    AnalyticsAnswer fromCache(boolean hit) {
        return hit == cacheHit ? this : new AnalyticsAnswer(query, plan, rows, links, hit);
    }
}
