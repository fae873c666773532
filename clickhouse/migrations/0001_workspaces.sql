-- Workspaces are the tenant every link, event and API key belongs to; every query is confined to one.
-- ReplacingMergeTree keyed by id: an update writes a newer version row (updated_at wins on merge), and
-- readers take the latest version, so plan or time-zone changes never rewrite parts.
CREATE TABLE IF NOT EXISTS workspaces
(
    id              String,
    organization_id String,
    name            String,
    plan            LowCardinality(String),
    time_zone       LowCardinality(String),
    created_at      DateTime64(3, 'UTC'),
    updated_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;
