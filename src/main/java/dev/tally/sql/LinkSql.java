package dev.tally.sql;

import java.util.Collection;
import java.util.List;

/**
 * Statements over the {@code links} table (migration 0003): every change appends a version row; reads take
 * each link's latest version ({@code FINAL}) and skip deleted ones.
 */
public final class LinkSql {
    /** The table links are inserted into. */
    public static final String TABLE = "links";
    private static final String COLUMNS = "workspace_id, id, domain, key, url, title, tag_ids, folder_id, tenant_id,"
            + " external_id, group_id, partner_id, created_at, updated_at";

    private LinkSql() {
    }

    /** Every column of the workspace's live link {@code id}. */
    public static Sql byId(String workspaceId, String id) {
        Parameters parameters = new Parameters();
        String text = "SELECT " + COLUMNS + " FROM links FINAL WHERE " + WorkspaceScope.bind(parameters, workspaceId).predicate()
                + " AND id = " + parameters.bind(Param.string(id)) + " AND NOT deleted";
        return Sql.of(text, parameters);
    }

    /** The live link on {@code domain}/{@code key} in any workspace: keys are unique within Tally. */
    public static Sql byDomainKey(String domain, String key) {
        Parameters parameters = new Parameters();
        String text = "SELECT " + COLUMNS + " FROM links FINAL WHERE domain = " + parameters.bind(Param.string(domain))
                + " AND key = " + parameters.bind(Param.string(key)) + " AND NOT deleted";
        return Sql.of(text, parameters);
    }

    /** Any live link by id, whatever its workspace (callers check the workspace). */
    public static Sql anyById(String id) {
        Parameters parameters = new Parameters();
        return Sql.of("SELECT " + COLUMNS + " FROM links FINAL WHERE id = " + parameters.bind(Param.string(id)) + " AND NOT deleted", parameters);
    }

    /**
     * One page of the workspace's live links, newest first, narrowed by the optional (null) criteria; one row
     * more than a page tells whether another page follows.
     */
    public static Sql list(String workspaceId, String domain, String tagId, String folderId, String tenantId, String search,
                           int page, int pageSize) {
        Parameters parameters = new Parameters();
        StringBuilder text = new StringBuilder("SELECT " + COLUMNS + " FROM links FINAL WHERE ")
                .append(WorkspaceScope.bind(parameters, workspaceId).predicate()).append(" AND NOT deleted");
        if (domain != null) {
            text.append(" AND domain = ").append(parameters.bind(Param.string(domain)));
        }
        if (tagId != null) {
            text.append(" AND has(tag_ids, ").append(parameters.bind(Param.string(tagId))).append(')');
        }
        if (folderId != null) {
            text.append(" AND folder_id = ").append(parameters.bind(Param.string(folderId)));
        }
        if (tenantId != null) {
            text.append(" AND tenant_id = ").append(parameters.bind(Param.string(tenantId)));
        }
        if (search != null) {
            String bound = parameters.bind(Param.string(search));
            text.append(" AND (positionCaseInsensitiveUTF8(url, ").append(bound).append(") > 0")
                    .append(" OR positionCaseInsensitiveUTF8(key, ").append(bound).append(") > 0")
                    .append(" OR positionCaseInsensitiveUTF8(title, ").append(bound).append(") > 0)");
        }
        text.append(" ORDER BY created_at DESC, id LIMIT ").append(parameters.bind(Param.uint32(pageSize + 1L)))
                .append(" OFFSET ").append(parameters.bind(Param.uint64((long) (page - 1) * pageSize)));
        return Sql.of(text.toString(), parameters);
    }

    /** Up to {@code limit} live links of every workspace, newest first (to warm the redirect cache). */
    public static Sql recent(int limit) {
        Parameters parameters = new Parameters();
        return Sql.of("SELECT " + COLUMNS + " FROM links FINAL WHERE NOT deleted ORDER BY updated_at DESC LIMIT "
                + parameters.bind(Param.uint32(limit)), parameters);
    }

    public static Sql current(String workspaceId, Collection<String> ids) {
        Parameters parameters = new Parameters();
        String text = "SELECT id, domain, key, url, created_at FROM links FINAL WHERE " + WorkspaceScope.bind(parameters, workspaceId).predicate()
                + " AND id IN " + parameters.bind(Param.strings(List.copyOf(ids)));
        return Sql.of(text, parameters);
    }

    /**
     * The workspace's live link with this id (no row when it is unknown, deleted, or another workspace's).
     * Tricky: FINAL picks each link's latest version before {@code NOT deleted} is applied, so a deleted
     * link's older versions never resurface.
     */
    public static Sql liveById(String workspaceId, String id) {
        Parameters parameters = new Parameters();
        String text = "SELECT id, domain, key FROM links FINAL WHERE " + WorkspaceScope.bind(parameters, workspaceId).predicate()
                + " AND id = " + parameters.bind(Param.string(id)) + " AND NOT deleted";
        return Sql.of(text, parameters);
    }

    /**
     * The workspace's live link whose key (slug) is {@code key}. Two short domains may share a key; the
     * newest link wins, so the answer is deterministic.
     */
    public static Sql liveByKey(String workspaceId, String key) {
        Parameters parameters = new Parameters();
        String text = "SELECT id, domain, key FROM links FINAL WHERE " + WorkspaceScope.bind(parameters, workspaceId).predicate()
                + " AND key = " + parameters.bind(Param.string(key)) + " AND NOT deleted ORDER BY created_at DESC, id LIMIT 1";
        return Sql.of(text, parameters);
    }

    /**
     * The workspace that most recently deleted its link on {@code domain}/{@code key} at or after {@code since}
     * (no row when none did). Tricky: FINAL takes each link id's latest version, so a tombstone is found
     * exactly when that id's last word was "deleted"; a link re-created since under another id is live and
     * is found by the live look-up instead.
     */
    public static Sql deletedSince(String domain, String key, java.time.Instant since) {
        Parameters parameters = new Parameters();
        String text = "SELECT workspace_id, updated_at FROM links FINAL WHERE domain = " + parameters.bind(Param.string(domain))
                + " AND key = " + parameters.bind(Param.string(key)) + " AND deleted AND updated_at >= "
                + parameters.bind(Param.dateTime64(since)) + " ORDER BY updated_at DESC LIMIT 1";
        return Sql.of(text, parameters);
    }
}
