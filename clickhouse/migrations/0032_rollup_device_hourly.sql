-- Device, browser and OS per workspace per hour, together: they come from one user agent, so their
-- combinations are few (tens), and filters or group-bys on any of them are answered exactly.
-- Same shape as every dimension-group rollup: (workspace, event type, bot, hour) first, so a 30-day
-- breakdown reads one key range; event count and sale amount as SimpleAggregateFunction(sum), which
-- every reader still sum()s because parts merge lazily. No unique-visitor state: merging one per
-- value per hour is slower than counting raw (issue 5), so uniques with a filter are answered raw.
CREATE TABLE IF NOT EXISTS rollup_device_hourly
(
    workspace_id String,
    event_type   Enum8('click' = 1, 'lead' = 2, 'sale' = 3, 'view' = 4),
    bot          Bool,
    hour         DateTime('UTC'),
    device       LowCardinality(String),
    browser      LowCardinality(String),
    os           LowCardinality(String),
    event_count  SimpleAggregateFunction(sum, UInt64),
    sale_amount  SimpleAggregateFunction(sum, Int64)
)
ENGINE = AggregatingMergeTree
-- Not partitioned: an insert spanning months would write one part per month into every rollup, and
-- those extra parts cost more insert time than monthly partitions save on a table this small.
ORDER BY (workspace_id, event_type, bot, hour, device, browser, os);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_device_hourly_mv TO rollup_device_hourly AS
SELECT workspace_id,
       event_type,
       bot,
       toStartOfHour(toDateTime(timestamp, 'UTC')) AS hour,
       device,
       browser,
       os,
       count()                                     AS event_count,
       sum(amount)                                 AS sale_amount
FROM events
GROUP BY workspace_id, event_type, bot, hour, device, browser, os;
