-- Data versions: each Tally instance writes a row here after it changed a workspace's events or links, so
-- that every other instance on the same ClickHouse drops that workspace's cached answers (runner/ResultCache)
-- within its version poll (ADR 0100). updated_at is the server's clock on both sides (no skew between
-- instances); rows are only read for the last minute, so a day's TTL keeps the table tiny.
CREATE TABLE IF NOT EXISTS data_versions
(
    workspace_id String,
    instance_id  String,
    sequence     UInt64,
    updated_at   DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY updated_at
TTL toDateTime(updated_at) + INTERVAL 1 DAY;
