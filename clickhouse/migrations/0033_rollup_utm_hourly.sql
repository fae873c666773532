-- The five UTM fields per workspace per hour, together: they are set per campaign link, so their
-- combinations are few, and any UTM filter or group-by is answered exactly.
-- Same shape as every dimension-group rollup: (workspace, event type, bot, hour) first, so a 30-day
-- breakdown reads one key range; event count and sale amount as SimpleAggregateFunction(sum), which
-- every reader still sum()s because parts merge lazily. No unique-visitor state: merging one per
-- value per hour is slower than counting raw (issue 5), so uniques with a filter are answered raw.
CREATE TABLE IF NOT EXISTS rollup_utm_hourly
(
    workspace_id String,
    event_type   Enum8('click' = 1, 'lead' = 2, 'sale' = 3, 'view' = 4),
    bot          Bool,
    hour         DateTime('UTC'),
    utm_source   LowCardinality(String),
    utm_medium   LowCardinality(String),
    utm_campaign LowCardinality(String),
    utm_term     LowCardinality(String),
    utm_content  LowCardinality(String),
    event_count  SimpleAggregateFunction(sum, UInt64),
    sale_amount  SimpleAggregateFunction(sum, Int64)
)
ENGINE = AggregatingMergeTree
-- Not partitioned: an insert spanning months would write one part per month into every rollup, and
-- those extra parts cost more insert time than monthly partitions save on a table this small.
ORDER BY (workspace_id, event_type, bot, hour, utm_source, utm_medium, utm_campaign, utm_term, utm_content);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_utm_hourly_mv TO rollup_utm_hourly AS
SELECT workspace_id,
       event_type,
       bot,
       toStartOfHour(toDateTime(timestamp, 'UTC')) AS hour,
       utm_source,
       utm_medium,
       utm_campaign,
       utm_term,
       utm_content,
       count()                                     AS event_count,
       sum(amount)                                 AS sale_amount
FROM events
GROUP BY workspace_id, event_type, bot, hour, utm_source, utm_medium, utm_campaign, utm_term, utm_content;
