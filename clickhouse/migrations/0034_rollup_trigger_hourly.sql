-- Trigger (link, qr, pageview) and short domain per workspace per hour: a handful of combinations.
-- Referer host and URL are not rolled up: their long tail (thousands of hosts, more URLs) made a rollup
-- nearly as large as the raw table on the benchmark data, so they are answered raw.
-- Same shape as every dimension-group rollup: (workspace, event type, bot, hour) first, so a 30-day
-- breakdown reads one key range; event count and sale amount as SimpleAggregateFunction(sum), which
-- every reader still sum()s because parts merge lazily. No unique-visitor state: merging one per
-- value per hour is slower than counting raw (issue 5), so uniques with a filter are answered raw.
CREATE TABLE IF NOT EXISTS rollup_trigger_hourly
(
    workspace_id String,
    event_type   Enum8('click' = 1, 'lead' = 2, 'sale' = 3, 'view' = 4),
    bot          Bool,
    hour         DateTime('UTC'),
    trigger      LowCardinality(String),
    domain       LowCardinality(String),
    event_count  SimpleAggregateFunction(sum, UInt64),
    sale_amount  SimpleAggregateFunction(sum, Int64)
)
ENGINE = AggregatingMergeTree
-- Not partitioned: an insert spanning months would write one part per month into every rollup, and
-- those extra parts cost more insert time than monthly partitions save on a table this small.
ORDER BY (workspace_id, event_type, bot, hour, trigger, domain);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_trigger_hourly_mv TO rollup_trigger_hourly AS
SELECT workspace_id,
       event_type,
       bot,
       toStartOfHour(toDateTime(timestamp, 'UTC')) AS hour,
       trigger,
       domain,
       count()                                     AS event_count,
       sum(amount)                                 AS sale_amount
FROM events
GROUP BY workspace_id, event_type, bot, hour, trigger, domain;
