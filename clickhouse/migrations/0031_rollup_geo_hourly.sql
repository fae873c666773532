-- Geography per workspace per hour: continent, country, region and city together, because they are one
-- fact (a place), so the rows are the distinct places per hour, and any geo filter or geo group-by, even
-- country plus city, is answered exactly. Measured on the benchmark data: see BENCHMARKS.md (must stay
-- at least 20x fewer rows than events; a place list with a very long tail would be answered raw).
-- Same shape as every dimension-group rollup: (workspace, event type, bot, hour) first, so a 30-day
-- breakdown reads one key range; event count and sale amount as SimpleAggregateFunction(sum), which
-- every reader still sum()s because parts merge lazily. No unique-visitor state: merging one per
-- value per hour is slower than counting raw (issue 5), so uniques with a filter are answered raw.
CREATE TABLE IF NOT EXISTS rollup_geo_hourly
(
    workspace_id String,
    event_type   Enum8('click' = 1, 'lead' = 2, 'sale' = 3, 'view' = 4),
    bot          Bool,
    hour         DateTime('UTC'),
    continent    LowCardinality(String),
    country      LowCardinality(String),
    region       LowCardinality(String),
    city         LowCardinality(String),
    event_count  SimpleAggregateFunction(sum, UInt64),
    sale_amount  SimpleAggregateFunction(sum, Int64)
)
ENGINE = AggregatingMergeTree
-- Not partitioned: an insert spanning months would write one part per month into every rollup, and
-- those extra parts cost more insert time than monthly partitions save on a table this small.
ORDER BY (workspace_id, event_type, bot, hour, continent, country, region, city);

CREATE MATERIALIZED VIEW IF NOT EXISTS rollup_geo_hourly_mv TO rollup_geo_hourly AS
SELECT workspace_id,
       event_type,
       bot,
       toStartOfHour(toDateTime(timestamp, 'UTC')) AS hour,
       continent,
       country,
       region,
       city,
       count()                                     AS event_count,
       sum(amount)                                 AS sale_amount
FROM events
GROUP BY workspace_id, event_type, bot, hour, continent, country, region, city;
