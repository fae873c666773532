package dev.tally.runner;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.GroupBy;
import dev.tally.sql.ClickLogSql;
import dev.tally.sql.LinkSql;
import dev.tally.sql.Plan;
import dev.tally.sql.Planner;
import dev.tally.sql.RollupCatalog;
import dev.tally.sql.Source;
import dev.tally.sql.SqlBuilder;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import dev.tally.store.Rows;
import dev.tally.store.StoreConfiguration;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The query runner every surface shares: plans an {@link AnalyticsQuery} (rollup or raw), runs it on the
 * store and, for {@code top_links}, reads the links' current state. Every surface that aggregates goes through here, so none writes SQL.
 */
@Singleton
public final class QueryRunner {
    private final ClickHouse clickHouse;
    private final ResultCache cache;
    private final EngineQueryMetrics metrics;

    /**
     * Runs the independent queries of one multi-part answer (a link report asks eight) side by side.
     * Tricky: its own small pool of platform threads (chDB calls must not run on virtual threads), never
     * the IO pool the request itself runs on, so a busy server cannot deadlock waiting on its own tasks.
     */
    private final ExecutorService parts;

    public QueryRunner(ClickHouse clickHouse, StoreConfiguration store, ResultCache cache, EngineQueryMetrics metrics) {
        this.clickHouse = clickHouse;
        this.cache = cache;
        this.metrics = metrics;
        this.parts = Executors.newFixedThreadPool(Math.max(1, store.poolSize()),
                Thread.ofPlatform().daemon().name("analytics-part-", 0).factory());
    }

    /** Answers several queries, in parallel, each planned on its own; answers in the order asked. */
    public List<AnalyticsAnswer> aggregateAll(List<AnalyticsQuery> queries) {
        List<Future<AnalyticsAnswer>> answers = queries.stream()
                .map(query -> parts.submit(() -> aggregate(query))).toList();
        List<AnalyticsAnswer> out = new ArrayList<>(answers.size());
        try {
            for (Future<AnalyticsAnswer> answer : answers) {
                out.add(answer.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answers.forEach(answer -> answer.cancel(true));
            throw new IllegalStateException("interrupted while answering", e);
        } catch (ExecutionException e) {
            answers.forEach(answer -> answer.cancel(true));
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
        return out;
    }

    /**
     * Answers the parts of one multi-part answer (a link report, slug analytics) with one scan when the planner
     * can ({@link Planner#planTogether}), else like {@link #aggregateAll}; answers in the order asked, each
     * exactly the rows its own statement gives.
     */
    public List<AnalyticsAnswer> aggregateTogether(List<AnalyticsQuery> queries) {
        Optional<Plan> together = Planner.planTogether(queries);
        if (together.isEmpty()) {
            return aggregateAll(queries);
        }
        Cached<List<AnalyticsAnswer>> answers = cache.get("together", queries.getFirst().workspaceId(), List.copyOf(queries),
                () -> scanTogether(queries, together.get()), parts -> parts.stream().mapToInt(QueryRunner::weight).sum());
        return answers.value().stream().map(answer -> answer.fromCache(answers.hit())).toList();
    }

    private List<AnalyticsAnswer> scanTogether(List<AnalyticsQuery> queries, Plan together) {
        Rows rows = clickHouse.query(together.sql());
        List<AnalyticsAnswer> out = new ArrayList<>(queries.size());
        for (int part = 0; part < queries.size(); part++) {
            long index = part;
            List<Row> own = rows.rows().stream().filter(row -> row.longValue("part") == index).toList();
            if (own.isEmpty() && queries.get(part).groupBy() == GroupBy.COUNT) {
                // Tricky: with no matching event the engine gives no row for the empty grouping set, where the
                // total's own statement gives one row of zeros: ask that one (it reads no matching granule).
                out.add(aggregate(queries.get(part)));
            } else {
                out.add(new AnalyticsAnswer(queries.get(part), together, new Rows(rows.columns(), own), Map.of()));
            }
        }
        return out;
    }

    @PreDestroy
    void close() {
        parts.shutdownNow();
    }

    /** The query's answer, from the result cache when it holds one for the workspace's current data. */
    public AnalyticsAnswer aggregate(AnalyticsQuery query) {
        Cached<AnalyticsAnswer> answer = cache.get("aggregate", query.workspaceId(), query,
                () -> run(query, Planner.plan(query)), QueryRunner::weight);
        return answer.value().fromCache(answer.hit());
    }

    /** Answers from the given source; it must answer exactly (tests compare sources with this). */
    public AnalyticsAnswer aggregate(AnalyticsQuery query, Source source) {
        if (!RollupCatalog.answersExactly(source, query).isEmpty()) {
            throw new IllegalArgumentException(source + " cannot answer exactly: " + RollupCatalog.answersExactly(source, query));
        }
        Cached<AnalyticsAnswer> answer = cache.get("aggregate " + source, query.workspaceId(), query,
                () -> run(query, new Plan(source, SqlBuilder.aggregate(query, source), Map.of())), QueryRunner::weight);
        return answer.value().fromCache(answer.hit());
    }

    /** One page of individual events, newest first unless asked otherwise. */
    public RowsAnswer events(AnalyticsQuery query) {
        Cached<Rows> rows = cache.get("events", query.workspaceId(), query,
                () -> clickHouse.query(Planner.planEvents(query).sql()), Rows::size);
        return new RowsAnswer(rows.value(), rows.hit());
    }

    /** One keyset page of the raw click log (seed 003), oldest first. */
    public RowsAnswer clickLog(AnalyticsQuery query, Optional<ClickLogSql.After> after) {
        Cached<Rows> rows = cache.get("click log", query.workspaceId(), List.of(query, after),
                () -> clickHouse.query(Planner.planClickLog(query, after).sql()), Rows::size);
        return new RowsAnswer(rows.value(), rows.hit());
    }

    /** The workspace's live link with this id ({@code id, domain, key}); empty for unknown, deleted or foreign ids. */
    public Optional<Row> liveLink(String workspaceId, String id) {
        return clickHouse.query(LinkSql.liveById(workspaceId, id)).rows().stream().findFirst();
    }

    /** The workspace's live link with this key (slug); empty for unknown, deleted or foreign slugs. */
    public Optional<Row> liveLinkByKey(String workspaceId, String key) {
        return clickHouse.query(LinkSql.liveByKey(workspaceId, key)).rows().stream().findFirst();
    }

    private static int weight(AnalyticsAnswer answer) {
        return answer.rows().size() + answer.links().size();
    }

    private AnalyticsAnswer run(AnalyticsQuery query, Plan plan) {
        Rows rows = metrics.timed(plan.source(), () -> clickHouse.query(plan.sql()));
        Map<String, Row> links = Map.of();
        if (query.groupBy() == GroupBy.TOP_LINKS && rows.size() > 0) {
            List<String> ids = rows.rows().stream().map(row -> row.string("value")).toList();
            Map<String, Row> found = new HashMap<>();
            for (Row link : clickHouse.query(LinkSql.current(query.workspaceId(), ids)).rows()) {
                found.put(link.string("id"), link);
            }
            links = found;
        }
        return new AnalyticsAnswer(query, plan, rows, links);
    }
}
