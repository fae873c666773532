-- Idempotency-Key records of ingest requests: a retried request carrying the same key (and body) gets
-- the first answer back and writes nothing. Keyed per workspace; readers take the latest row and only
-- rows inside the configured window (24 h by default); the TTL drops them a day after that.
CREATE TABLE IF NOT EXISTS ingest_idempotency_keys
(
    workspace_id    String,
    idempotency_key String,
    request_hash    String,
    result          String,
    created_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(created_at)
ORDER BY (workspace_id, idempotency_key)
TTL toDateTime(created_at) + INTERVAL 2 DAY;
