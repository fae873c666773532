-- The (workspace, UTC day) pairs a rollup repair is rebuilding right now (ADR 0040): after a crash or a
-- failed insert, the rollups of those days are deleted and recomputed from raw events through each view's
-- own SELECT, which reads only these days via additional_table_filters. Filled and emptied by one repair;
-- Memory, because nothing in it outlives the repair (the journal that asks for it is a file).
CREATE TABLE IF NOT EXISTS rollup_repair_days
(
    workspace_id String,
    day          Date
)
ENGINE = Memory;
