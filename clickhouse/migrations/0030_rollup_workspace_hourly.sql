-- Workspace totals per hour (no dimension), the smallest rollup: answers unfiltered counts and timeseries,
-- including unique visitors, in any whole-hour time zone. Hourly, not UTC days, so New York or Tokyo days
-- are sums of whole hours. One row per (workspace, event type, bot flag, hour): ~2 k rows per workspace
-- for 90 days, so merging 720 uniqCombined64 states for a 30-day count stays cheap (the states of one
-- workspace-hour hold a few thousand hashes, well below the HLL switch-over).
-- Tricky: SimpleAggregateFunction(sum) rows are merged lazily; every reader must still sum() them.
CREATE TABLE IF NOT EXISTS rollup_workspace_hourly
(
    workspace_id String,
    event_type   Enum8('click' = 1, 'lead' = 2, 'sale' = 3, 'view' = 4),
    bot          Bool,
    hour         DateTime('UTC'),
    event_count  SimpleAggregateFunction(sum, UInt64),
    sale_amount  SimpleAggregateFunction(sum, Int64),
    visitors     AggregateFunction(uniqCombined64, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (workspace_id, event_type, bot, hour);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_workspace_hourly_mv TO rollup_workspace_hourly AS
SELECT workspace_id,
       event_type,
       bot,
       toStartOfHour(toDateTime(timestamp, 'UTC')) AS hour,
       count()                                    AS event_count,
       sum(amount)                                AS sale_amount,
       uniqCombined64State(ip_hash)               AS visitors
FROM events
GROUP BY workspace_id, event_type, bot, hour;
