-- BI access on a ClickHouse server for one workspace, taken back (docs/adr/0140-bi-benchmark-server-parity-and-ddl.md):
-- run by dev.tally.sql.BiServerSql when a workspace's last bi:read key is revoked. Its grants and role membership
-- go with the user; the next key's first statement makes it again (workspace.sql).
DROP USER IF EXISTS {user};
