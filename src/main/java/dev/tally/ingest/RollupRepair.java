package dev.tally.ingest;

import dev.tally.sql.RollupRepairSql;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Migrator;
import dev.tally.store.Row;
import io.micronaut.context.annotation.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;

/**
 * Keeps "rollup == raw" true across crashes (ADR 0040). Every insert into {@code events} runs through
 * {@link #insert}: its days are journaled before it starts and cleared after it returned. Days left
 * dirty (the process died mid-insert, or an insert failed after some of its parts were written) are
 * rebuilt in every rollup from raw: at start-up, before the HTTP server accepts a request (this bean is
 * created with the context, right after the migrations), and in a running process right after the failed
 * insert, before the next one.
 *
 * Tricky: a rebuild deletes a day's rollup rows and recomputes them from raw; an insert running at the
 * same time would be counted twice or not at all, so inserts share a read lock and a rebuild takes the
 * write lock. One process writes a data directory, so this lock covers every writer of the embedded engine.
 */
@Context
public final class RollupRepair {
    private static final Logger LOG = LoggerFactory.getLogger(RollupRepair.class);
    private static final String RAW_TABLE = "events";

    private final ClickHouse clickHouse;
    private final RollupJournal journal;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean dirty = true;

    RollupRepair(ClickHouse clickHouse, RollupJournal journal, Migrator migrated) {
        this.clickHouse = clickHouse;
        this.journal = journal;
        repairUnfinished();
    }

    /** Runs an insert writing rows of the given days; returns what it returns. */
    public long insert(Set<TouchedDay> days, LongSupplier insert) {
        if (dirty) {
            repairUnfinished();
        }
        lock.readLock().lock();
        try {
            String entry = journal.begin(days);
            long written = insert.getAsLong();
            journal.end(entry);
            return written;
        } catch (RuntimeException e) {
            dirty = true;
            throw e;
        } finally {
            lock.readLock().unlock();
            if (dirty) {
                repairUnfinished();
            }
        }
    }

    /** Rebuilds the days of every unfinished journal entry; on failure they stay dirty and are tried again. */
    void repairUnfinished() {
        lock.writeLock().lock();
        try {
            if (!dirty) {
                return;
            }
            Set<TouchedDay> days = journal.unfinished();
            if (!days.isEmpty()) {
                long started = System.nanoTime();
                rebuild(days);
                LOG.info("rebuilt the rollups of {} workspace-days left dirty by an unfinished insert in {} ms",
                        days.size(), (System.nanoTime() - started) / 1_000_000);
            }
            journal.clear();
            dirty = false;
        } catch (RuntimeException e) {
            LOG.error("rebuilding rollups of unfinished inserts failed (tried again before the next insert): {}",
                    e.getMessage());
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void rebuild(Set<TouchedDay> days) {
        Catalog catalog = catalog();
        List<String> workspaceIds = new ArrayList<>(days.size());
        List<String> dayTexts = new ArrayList<>(days.size());
        for (TouchedDay day : days) {
            workspaceIds.add(day.workspaceId());
            dayTexts.add(day.day().toString());
        }
        clickHouse.execute(RollupRepairSql.clearDays());
        clickHouse.execute(RollupRepairSql.fillDays(workspaceIds, dayTexts));
        try {
            for (String rollup : catalog.rollupsFedBy(RAW_TABLE)) {
                String bucket = catalog.bucketColumns().get(rollup);
                if (bucket == null) {
                    throw new IllegalStateException("rollup " + rollup + " has no Date or DateTime('UTC') column to repair by");
                }
                clickHouse.execute(RollupRepairSql.deleteDays(rollup, bucket));
            }
            // Views fed by a rollup (the daily one) rebuild themselves from the rows these inserts write.
            for (String view : catalog.dependents().getOrDefault(RAW_TABLE, List.of())) {
                View definition = catalog.views().get(view);
                clickHouse.execute(RollupRepairSql.rebuild(definition.target(), definition.select(), catalog.database()));
            }
        } finally {
            clickHouse.execute(RollupRepairSql.clearDays());
        }
    }

    private Catalog catalog() {
        Map<String, View> views = new HashMap<>();
        for (Row row : clickHouse.query(Sql.of(RollupRepairSql.VIEWS)).rows()) {
            views.put(row.string("name"), new View(RollupRepairSql.viewTarget(row.string("create_table_query")),
                    row.string("as_select")));
        }
        Map<String, List<String>> dependents = new HashMap<>();
        for (Row row : clickHouse.query(Sql.of(RollupRepairSql.DEPENDENCIES)).rows()) {
            dependents.put(row.string("name"), row.list("dependencies_table"));
        }
        Map<String, String> buckets = new HashMap<>();
        for (Row row : clickHouse.query(Sql.of(RollupRepairSql.BUCKET_COLUMNS)).rows()) {
            buckets.put(row.string("table"), row.string("name"));
        }
        String database = clickHouse.query(Sql.of(RollupRepairSql.CURRENT_DATABASE)).single().string("name");
        return new Catalog(views, dependents, buckets, database);
    }

    private record View(String target, String select) {
    }

    private record Catalog(Map<String, View> views, Map<String, List<String>> dependents,
                           Map<String, String> bucketColumns, String database) {

        /** Every table a view writes into, directly or through other views, starting from {@code table}. */
        Set<String> rollupsFedBy(String table) {
            Set<String> rollups = new LinkedHashSet<>();
            Deque<String> pending = new ArrayDeque<>(List.of(table));
            while (!pending.isEmpty()) {
                for (String view : dependents.getOrDefault(pending.poll(), List.of())) {
                    View definition = views.get(view);
                    if (definition != null && rollups.add(definition.target())) {
                        pending.add(definition.target());
                    }
                }
            }
            return rollups;
        }
    }
}
