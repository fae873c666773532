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
}
