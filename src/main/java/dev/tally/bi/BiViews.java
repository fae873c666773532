package dev.tally.bi;

import dev.tally.auth.WorkspaceCreated;
import dev.tally.sql.BiSql;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.EmbeddedClickHouse;
import dev.tally.store.Row;
import dev.tally.store.StoreConfiguration;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each workspace's database of views ({@code ws_…}, named as the workspace id): what a BI key reads.
 * Created with the workspace; at start-up, every database older than {@link #VERSION} is recreated in the
 * background (and any workspace's on its first BI statement), so the views follow the migrations.
 */
@Singleton
public final class BiViews {
    /** Bump whenever {@link BiSql#createViews} or a migration under it changes what the views read. */
    public static final int VERSION = 2; // 2: SQL SECURITY DEFINER on a server

    /** The views of every workspace's database. */
    public static final Set<String> VIEWS = Set.of("events", "links", "daily_totals", "geo_hourly");

    private static final Logger LOG = LoggerFactory.getLogger(BiViews.class);

    private final ClickHouse clickHouse;
    private final String tallyDatabase;
    private final Set<String> current = ConcurrentHashMap.newKeySet();

    BiViews(ClickHouse clickHouse, StoreConfiguration store) {
        this.clickHouse = clickHouse;
        this.tallyDatabase = store.database();
    }

    /** The view database of a workspace: its id, which is a plain identifier ({@code ws_} and hex). */
    public static String databaseOf(String workspaceId) {
        return BiSql.requireIdentifier(workspaceId);
    }

    /** Makes sure the workspace's views exist at the current version; returns their database. */
    public String ensure(String workspaceId) {
        String database = databaseOf(workspaceId);
        if (current.contains(workspaceId)) {
            return database;
        }
        clickHouse.execute(BiSql.createDatabase(database));
        for (Sql view : BiSql.createViews(database, tallyDatabase, workspaceId, !(clickHouse instanceof EmbeddedClickHouse))) {
            clickHouse.execute(view);
        }
        clickHouse.execute(BiSql.recordViews(workspaceId, VERSION));
        current.add(workspaceId);
        return database;
    }

    @EventListener
    void onWorkspaceCreated(WorkspaceCreated event) {
        try {
            ensure(event.workspaceId());
        } catch (RuntimeException e) {
            // The workspace exists either way; its first BI statement makes the views.
            LOG.warn("Creating the BI views of workspace {} failed: {}", event.workspaceId(), e.getMessage());
        }
    }

    @EventListener
    void onStartup(StartupEvent event) {
        Thread.ofPlatform().daemon().name("tally-bi-views").start(this::upgradeAll);
    }

    private void upgradeAll() {
        try {
            for (Row row : clickHouse.query(BiSql.workspacesWithViewsBelow(VERSION)).rows()) {
                ensure(row.string("id"));
            }
        } catch (RuntimeException e) {
            // Each workspace is also brought up to date on its first BI statement.
            LOG.warn("Bringing BI view databases up to date failed: {}", e.getMessage());
        }
    }
}
