-- BI access on a ClickHouse server for one workspace (docs/adr/0125-bi-server-mode.md): its own user,
-- SELECT on its view database only (views with SQL SECURITY DEFINER, so nothing on Tally's base tables), the
-- shared role for the profile, quota and metadata tables. Run by dev.tally.sql.BiServerSql at a workspace's
-- first BI statement in each Tally process. {password_sha256} is the SHA-256 of a password derived from
-- tally.bi.server-secret and the workspace id: no client ever holds it.
CREATE USER IF NOT EXISTS {user} IDENTIFIED WITH sha256_hash BY '{password_sha256}' DEFAULT DATABASE {database};
ALTER USER {user} IDENTIFIED WITH sha256_hash BY '{password_sha256}' DEFAULT DATABASE {database} SETTINGS PROFILE 'tally_bi';
GRANT tally_bi TO {user};
ALTER USER {user} DEFAULT ROLE tally_bi;
GRANT SELECT ON {database}.* TO {user};
