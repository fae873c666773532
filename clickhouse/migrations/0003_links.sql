-- Short links. A link's changeable attributes (tags, folder, tenant, group, partner, external id) live
-- here, not on events, so analytics filters see their current values. ReplacingMergeTree: every change
-- writes a new version row (updated_at wins), and readers take the latest one (FINAL or argMax), with
-- deleted = 1 marking a removed link. (domain, key) uniqueness is enforced by Tally before writing.
CREATE TABLE IF NOT EXISTS links
(
    workspace_id  String,
    id            String,
    domain        LowCardinality(String),
    key           String,
    url           String,
    title         String,
    tag_ids       Array(String),
    folder_id     String,
    tenant_id     String,
    external_id   String,
    group_id      String,
    partner_id    String,
    created_at    DateTime64(3, 'UTC'),
    updated_at    DateTime64(3, 'UTC'),
    deleted       Bool DEFAULT false
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (workspace_id, id);
