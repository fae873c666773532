-- API keys: a workspace's credentials. Only the SHA-256 of the secret is stored, never the secret itself.
-- ReplacingMergeTree keyed by (workspace_id, id): revoking writes a newer version row with revoked_at set
-- (updated_at wins), so readers take the latest version (FINAL). updated_at also drives the revocation
-- poll every Tally instance runs against this table (dev.tally.auth.CredentialCache), which is why it has
-- a minmax index; key_hash has a bloom filter for the per-key lookup on a cache miss.
CREATE TABLE IF NOT EXISTS api_keys
(
    id           String,
    workspace_id String,
    name         String,
    key_hash     String,
    scopes       Array(LowCardinality(String)),
    created_at   DateTime64(3, 'UTC'),
    revoked_at   Nullable(DateTime64(3, 'UTC')),
    updated_at   DateTime64(3, 'UTC'),
    INDEX key_hash_bloom key_hash TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX updated_at_minmax updated_at TYPE minmax GRANULARITY 1
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (workspace_id, id);
