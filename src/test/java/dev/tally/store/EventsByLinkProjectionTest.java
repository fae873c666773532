package dev.tally.store;

import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Dimension;
import dev.tally.query.EventKind;
import dev.tally.query.Filter;
import dev.tally.query.Granularity;
import dev.tally.query.GroupBy;
import dev.tally.query.SortOrder;
import dev.tally.query.TimeRange;
import dev.tally.sql.ClickLogSql;
import dev.tally.sql.Planner;
import dev.tally.sql.Sql;
import dev.tally.support.ClickHouseListener;
import dev.tally.support.GeneratedEvents;
import dev.tally.support.Poll;
import dev.tally.support.TestEngine;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 0100's per-link projection on both engines (embedded chDB and a ClickHouse server, the test
 * listener), on a data directory that already held events when the migration ran: the background
 * MATERIALIZE gives every old part the projection, the engine then answers per-link questions (seed 002's
 * one-scan report, {@code linkId=} group-bys, seed 003's click log) from it (proved with
 * {@code force_optimize_projection_name}, which fails a statement that did not read it), selecting only that
 * link's granules (EXPLAIN ESTIMATE), and the answers equal the ones read without projections.
 */
class EventsByLinkProjectionTest {
    private static final int PROJECTION_MIGRATION = 100;

    @Test
    void embeddedEngine() {
        StoreConfiguration shared = TestEngine.embeddedConfiguration();
        try (EmbeddedClickHouse engine = new EmbeddedClickHouse(EmbeddedClickHouse.defaultLibraryPath(),
                new StoreConfiguration(null, shared.user(), "", "tally_projection_" + System.nanoTime(), shared.dataDir(), null,
                        shared.poolSize(), shared.maxExecutionTimeSeconds()))) {
            perLinkQuestionsReadTheProjection(engine);
        }
    }

    @Test
    void serverEngine() {
        ClickHouseListener server = ClickHouseListener.shared();
        String database = "tally_projection_" + System.nanoTime();
        try (ServerClickHouse engine = new ServerClickHouse(new StoreConfiguration(server.jdbcUrl(database), "default", "",
                database, Path.of("unused"), null, 4, 60))) {
            perLinkQuestionsReadTheProjection(engine);
        }
    }

    private static void perLinkQuestionsReadTheProjection(ClickHouse engine) {
        List<Migration> all = new MigrationSource().migrations();
        Migrator migrator = new Migrator(engine, new MigrationSource());
        migrator.migrate(all.stream().filter(m -> m.version() < PROJECTION_MIGRATION).toList());
        GeneratedEvents.Data data = GeneratedEvents.generate(31, 20_000, "ws_projection");
        GeneratedEvents.insert(engine, data);
        // Other links' traffic in the same workspace and days, so the workspace spans many granules (the engine
        // picks a projection only where it reads fewer of them).
        engine.execute(Sql.of("""
                INSERT INTO events (workspace_id, event_id, event_type, timestamp, link_id, country, device, browser, referer, ip_hash)
                SELECT 'ws_projection', concat('filler_', toString(number)), 'click',
                       toDateTime64('2026-02-20 00:00:00', 3, 'UTC') + toIntervalSecond((number * 7919) % 5000000),
                       concat('filler_link_', toString(number % 400)), ['US', 'DE', 'IN'][number % 3 + 1], 'Desktop', 'Chrome', '', number
                FROM numbers(300000)"""));
        // One part per month, every link's rows mixed in it, as background merges leave a real table.
        engine.execute(Sql.of("OPTIMIZE TABLE events FINAL"));
        assertThat(projectionParts(engine)).as("no projection before the migration").isZero();

        migrator.migrate(all);
        Poll.until(Duration.ofSeconds(60), () -> engine.query(Sql.of("SELECT count() AS n FROM system.mutations WHERE database = currentDatabase()"
                + " AND table = 'events' AND NOT is_done")).single().longValue("n"), running -> running == 0);
        long parts = engine.query(Sql.of("SELECT count() AS n FROM system.parts WHERE database = currentDatabase() AND table = 'events'"
                + " AND active")).single().longValue("n");
        assertThat(projectionParts(engine)).as("every part of the existing data has the projection").isEqualTo(parts);

        String link = data.events().stream().collect(Collectors.groupingBy(GeneratedEvents.Event::linkId, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue(Comparator.naturalOrder())).orElseThrow().getKey();
        AnalyticsQuery base = AnalyticsQuery.of(data.workspaceId(), EventKind.CLICKS, new TimeRange(GeneratedEvents.FIRST, GeneratedEvents.LAST),
                ZoneId.of("America/New_York"), Granularity.DAY).withPage(10, 0, SortOrder.DESC).withFilter(Filter.including(Dimension.LINK_ID, link));
        Sql report = Planner.planTogether(List.of(GroupBy.COUNT, GroupBy.TIMESERIES, GroupBy.REFERERS, GroupBy.CITIES, GroupBy.OS).stream()
                .map(base::withGroupBy).toList()).orElseThrow().sql();
        Sql countries = Planner.plan(base.withGroupBy(GroupBy.COUNTRIES).withFilter(Filter.excluding(Dimension.DEVICE, "Mobile"))).sql();
        Sql clickLog = Planner.planClickLog(base.withPage(100, 0, SortOrder.ASC), Optional.<ClickLogSql.After>empty()).sql();
        long workspaceRows = engine.query(Sql.of("SELECT count() AS n FROM events")).single().longValue("n");
        for (Sql statement : List.of(report, countries, clickLog)) {
            // The engine's own word: with this setting a statement fails unless it read the projection.
            Rows fromProjection = engine.query(withSetting(statement, "force_optimize_projection_name = 'by_link'"));
            assertThat(fromProjection.rows().toString()).as("answer of %s", statement.text())
                    .isEqualTo(engine.query(withSetting(statement, "optimize_use_projections = 0")).rows().toString());
            long selected = estimatedRows(engine, statement);
            long withoutProjection = estimatedRows(engine, withSetting(statement, "optimize_use_projections = 0"));
            assertThat(withoutProjection).as("the table's own order reads most of the workspace").isGreaterThan(workspaceRows / 2);
            assertThat(selected).as("rows in the granules read for one link").isLessThan(withoutProjection / 5);
        }
        engine.execute(Sql.of("DROP DATABASE " + engine.query(Sql.of("SELECT currentDatabase() AS d")).single().string("d")));
    }

    private static long estimatedRows(ClickHouse engine, Sql statement) {
        return engine.query(new Sql("EXPLAIN ESTIMATE " + statement.text(), statement.params())).rows().stream()
                .mapToLong(row -> row.longValue("rows")).sum();
    }

    private static Sql withSetting(Sql statement, String setting) {
        String text = statement.text();
        return new Sql(text.contains("\nSETTINGS ") ? text.replace("\nSETTINGS ", "\nSETTINGS " + setting + ", ") : text + "\nSETTINGS " + setting,
                statement.params());
    }

    private static long projectionParts(ClickHouse engine) {
        return engine.query(Sql.of("SELECT count() AS n FROM system.projection_parts WHERE database = currentDatabase() AND table = 'events'"
                + " AND name = 'by_link' AND active")).single().longValue("n");
    }
}
