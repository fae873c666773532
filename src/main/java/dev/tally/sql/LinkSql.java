package dev.tally.sql;

import java.util.Collection;
import java.util.List;

/** Reads links' current state (latest version), e.g. to describe the rows of {@code top_links}. */
public final class LinkSql {
    private LinkSql() {
    }

    public static Sql current(String workspaceId, Collection<String> ids) {
        Parameters parameters = new Parameters();
        String text = "SELECT id, domain, key, url, created_at FROM links FINAL WHERE workspace_id = "
                + parameters.bind(Param.string(workspaceId)) + " AND id IN " + parameters.bind(Param.strings(List.copyOf(ids)));
        return Sql.of(text, parameters);
    }

    /**
     * The workspace's live link with this id (no row when it is unknown, deleted, or another workspace's).
     * Tricky: FINAL picks each link's latest version before {@code NOT deleted} is applied, so a deleted
     * link's older versions never resurface.
     */
    public static Sql liveById(String workspaceId, String id) {
        Parameters parameters = new Parameters();
        String text = "SELECT id, domain, key FROM links FINAL WHERE workspace_id = " + parameters.bind(Param.string(workspaceId))
                + " AND id = " + parameters.bind(Param.string(id)) + " AND NOT deleted";
        return Sql.of(text, parameters);
    }

    /**
     * The workspace's live link whose key (slug) is {@code key}. Two short domains may share a key; the
     * newest link wins, so the answer is deterministic.
     */
    public static Sql liveByKey(String workspaceId, String key) {
        Parameters parameters = new Parameters();
        String text = "SELECT id, domain, key FROM links FINAL WHERE workspace_id = " + parameters.bind(Param.string(workspaceId))
                + " AND key = " + parameters.bind(Param.string(key)) + " AND NOT deleted ORDER BY created_at DESC, id LIMIT 1";
        return Sql.of(text, parameters);
    }
}
