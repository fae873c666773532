-- Workspace totals per hour (no dimension), the smallest rollup: answers unfiltered counts and timeseries,
-- including unique visitors, in any whole-hour time zone. Hourly, not UTC days, so New York or Tokyo days
-- are sums of whole hours. One row per (workspace, event type, bot flag, hour): ~4 k rows per workspace
-- for 90 days. Unique visitors use uniqCombined64 at precision 14 (≤ 12 KiB per state, 0.8% standard
-- error), the same function the raw path uses: at the default precision 17 a state grows to 96 KiB and
-- merging 720 of them for a 30-day count took ~110 ms (issue 5), slower than counting raw events.
-- Tricky: SimpleAggregateFunction(sum) rows are merged lazily; every reader must still sum() them.
CREATE TABLE IF NOT EXISTS rollup_workspace_hourly
(
    workspace_id String,
    event_type   Enum8('click' = 1, 'lead' = 2, 'sale' = 3, 'view' = 4),
    bot          Bool,
    hour         DateTime('UTC'),
    event_count  SimpleAggregateFunction(sum, UInt64),
    sale_amount  SimpleAggregateFunction(sum, Int64),
    visitors     AggregateFunction(uniqCombined64(14), UInt64)
)
ENGINE = AggregatingMergeTree
-- Not partitioned: an insert spanning months would write one part per month into every rollup, and
-- those extra parts cost more insert time than monthly partitions save on a table this small.
ORDER BY (workspace_id, event_type, bot, hour)
-- Tricky: small granules. A reader deserializes the unique-visitor state of every row in the granules it
-- reads, so with the default 8,192 rows a 30-day count decoded every state of both workspaces (34 ms on
-- the benchmark data); 64-row granules let the key skip them (9 ms).
SETTINGS index_granularity = 64;

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_workspace_hourly_mv TO rollup_workspace_hourly AS
SELECT workspace_id,
       event_type,
       bot,
       toStartOfHour(toDateTime(timestamp, 'UTC')) AS hour,
       count()                                    AS event_count,
       sum(amount)                                AS sale_amount,
       uniqCombined64State(14)(ip_hash)           AS visitors
FROM events
GROUP BY workspace_id, event_type, bot, hour;
