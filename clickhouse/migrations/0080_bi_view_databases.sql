-- BI tools read a workspace through its own database of views (ws_<id>: events, links, daily_totals,
-- geo_hourly), never the base tables. This records which version of the view definitions each workspace's
-- database has, so start-up recreates only the databases whose views are older than the code's
-- (dev.tally.bi.BiViews.VERSION): a migration that changes what the views read bumps that version.
CREATE TABLE IF NOT EXISTS bi_view_databases
(
    workspace_id String,
    version      UInt32,
    created_at   DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
ORDER BY workspace_id;
