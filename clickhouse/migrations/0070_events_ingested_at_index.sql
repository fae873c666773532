-- Incremental exports (GET /api/v1/events/export?after=…) read the events ingested in a window of
-- ingested_at, stamped once per INSERT by the engine (docs/adr/0071-incremental-sync.md). Parts are
-- written in ingestion order, so a min/max index per granule lets a pull skip every granule ingested before
-- its cursor instead of reading the column of the whole workspace. Parts written before this migration have
-- no index and are read as before.
ALTER TABLE events ADD INDEX IF NOT EXISTS ingested_at_minmax ingested_at TYPE minmax GRANULARITY 1;
