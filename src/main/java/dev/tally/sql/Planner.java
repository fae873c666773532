package dev.tally.sql;

import dev.tally.query.AnalyticsQuery;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Picks the smallest table that answers a query exactly ({@link Source} order) and builds its SQL. */
public final class Planner {
    private Planner() {
    }

    public static Plan plan(AnalyticsQuery query) {
        Map<Source, Set<Refusal>> refused = new EnumMap<>(Source.class);
        for (Source source : Source.values()) {
            Set<Refusal> refusals = RollupCatalog.answersExactly(source, query);
            if (refusals.isEmpty()) {
                return new Plan(source, SqlBuilder.aggregate(query, source), refused);
            }
            refused.put(source, refusals);
        }
        throw new IllegalStateException("the raw table answers every query");
    }

    /**
     * One statement for several parts of one answer, when every part is answered raw and they differ only in
     * group-by and metrics ({@link GroupingSetsSql}); empty otherwise (the parts are then planned one by one).
     */
    public static Optional<Plan> planTogether(List<AnalyticsQuery> parts) {
        if (!GroupingSetsSql.combinable(parts) || parts.stream().anyMatch(part -> plan(part).source() != Source.RAW_EVENTS)) {
            return Optional.empty();
        }
        return Optional.of(new Plan(Source.RAW_EVENTS, GroupingSetsSql.build(parts), Map.of()));
    }

    /** The statement listing individual events (always the raw table). */
    public static Plan planEvents(AnalyticsQuery query) {
        return new Plan(Source.RAW_EVENTS, EventListSql.build(query), Map.of());
    }

    /** One keyset page of the raw click log, oldest first (always the raw table). */
    public static Plan planClickLog(AnalyticsQuery query, Optional<ClickLogSql.After> after) {
        return new Plan(Source.RAW_EVENTS, ClickLogSql.build(query, after), Map.of());
    }
}
