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
