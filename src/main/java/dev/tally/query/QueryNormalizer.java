package dev.tally.query;

import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The normalisation pipeline, in order; each step is pure, so the same question always becomes the same
 * query (and the same SQL text, which keeps snapshots and the planner table stable):
 * <ol>
 *   <li>values within a filter are de-duplicated, first occurrence kept;</li>
 *   <li>filters are ordered by {@link Dimension} declaration order.</li>
 * </ol>
 */
final class QueryNormalizer {
    static final List<UnaryOperator<AnalyticsQuery>> PIPELINE = List.of(
            QueryNormalizer::distinctValues,
            QueryNormalizer::filtersInDimensionOrder);

    private QueryNormalizer() {
    }

    static AnalyticsQuery normalize(AnalyticsQuery query) {
        AnalyticsQuery result = query;
        for (UnaryOperator<AnalyticsQuery> step : PIPELINE) {
            result = step.apply(result);
        }
        return result;
    }

    private static AnalyticsQuery distinctValues(AnalyticsQuery query) {
        return query.withFilters(query.filters().stream()
                .map(f -> new Filter(f.dimension(), f.operator(), f.values().stream().distinct().toList()))
                .toList());
    }

    private static AnalyticsQuery filtersInDimensionOrder(AnalyticsQuery query) {
        return query.withFilters(query.filters().stream().sorted(Comparator.comparing(Filter::dimension)).toList());
    }
}
