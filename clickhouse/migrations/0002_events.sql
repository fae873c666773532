-- Every tracked event (click, lead, sale, bio-page view) in one MergeTree table, so one filter set works on
-- every event type. Leads and sales copy the attributes of the click that led to them (country, device,
-- referer, UTM…) at ingest. Attributes fixed at event time live here; a link's changeable attributes
-- (tags, folder, tenant, …) live in `links` and are joined at query time.
--
-- Sort key (workspace_id, event_type, toDate(timestamp), link_id, timestamp), because of the seeds' query
-- patterns:
--   * every query reads one workspace, and almost every one one event type (clicks are ~95% of rows, so
--     lead and sale questions skip the click ranges entirely);
--   * "one workspace over a range, grouped by a dimension" reads one contiguous day range; the common
--     ones are answered by the hourly rollups anyway;
--   * "one link over a range" seeks one small run per day (30 seeks for 30 days, where an hourly bucket
--     would make 720), and the per-link rollup answers most of those;
--   * the events list pages one workspace and type by time, which the key keeps nearly in order.
-- Monthly partitions keep retention (DROP PARTITION) cheap. The raw IP is never stored: ip_hash is a
-- salted keyed hash of it (HMAC-SHA256 cut to 63 bits, salt from TALLY_IP_SALT), for unique-visitor counts.
CREATE TABLE IF NOT EXISTS events
(
    workspace_id      String,
    event_id          String,
    event_type        Enum8('click' = 1, 'lead' = 2, 'sale' = 3, 'view' = 4),
    timestamp         DateTime64(3, 'UTC'),
    link_id           String,
    page_id           String,
    domain            LowCardinality(String),
    key               String,
    url               String,
    click_id          String,
    trigger           LowCardinality(String),
    country           LowCardinality(String),
    region            LowCardinality(String),
    city              LowCardinality(String),
    continent         LowCardinality(String),
    device            LowCardinality(String),
    browser           LowCardinality(String),
    os                LowCardinality(String),
    bot               Bool,
    referer           LowCardinality(String),
    referer_url       String,
    utm_source        LowCardinality(String),
    utm_medium        LowCardinality(String),
    utm_campaign      LowCardinality(String),
    utm_term          LowCardinality(String),
    utm_content       LowCardinality(String),
    ip_hash           UInt64,
    customer_id       String,
    event_name        LowCardinality(String),
    amount            Int64,
    currency          LowCardinality(String),
    sale_type         LowCardinality(String),
    invoice_id        String,
    payment_processor LowCardinality(String),
    metadata          String,
    ingested_at       DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX event_id_bloom event_id TYPE bloom_filter(0.001) GRANULARITY 4,
    INDEX click_id_bloom click_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX customer_id_bloom customer_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (workspace_id, event_type, toDate(timestamp), link_id, timestamp)
SETTINGS non_replicated_deduplication_window = 10000;
