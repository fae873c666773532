package dev.tally.links;

import dev.tally.sql.LinkSql;
import dev.tally.sql.Param;
import dev.tally.sql.Parameters;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.InputFormat;
import dev.tally.store.Row;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Links in ClickHouse's {@code links} table. Every change appends a version row; reads take the latest
 * version per id ({@code FINAL}) and skip deleted ones.
 */
@Singleton
public final class LinkStore {
    private static final String COLUMNS = "workspace_id, id, domain, key, url, title, tag_ids, folder_id, tenant_id,"
            + " external_id, group_id, partner_id, created_at, updated_at";

    private final ClickHouse clickHouse;
    private final JsonMapper json;

    public LinkStore(ClickHouse clickHouse, JsonMapper json) {
        this.clickHouse = clickHouse;
        this.json = json;
    }

    void write(Link link, boolean deleted) {
        byte[] row;
        try {
            row = json.writeValueAsBytes(LinkRow.of(link, deleted));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clickHouse.insert("links", InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(row));
    }

    Optional<Link> findById(String workspaceId, String id) {
        Parameters parameters = new Parameters();
        String text = "SELECT " + COLUMNS + " FROM links FINAL WHERE workspace_id = " + parameters.bind(Param.string(workspaceId))
                + " AND id = " + parameters.bind(Param.string(id)) + " AND NOT deleted";
        return first(Sql.of(text, parameters));
    }

    /** The live link on {@code domain}/{@code key} in any workspace: keys are unique within Tally. */
    public Optional<Link> findByDomainKey(String domain, String key) {
        Parameters parameters = new Parameters();
        String text = "SELECT " + COLUMNS + " FROM links FINAL WHERE domain = " + parameters.bind(Param.string(domain))
                + " AND key = " + parameters.bind(Param.string(key)) + " AND NOT deleted";
        return first(Sql.of(text, parameters));
    }

    /** Who deleted a link on {@code domain}/{@code key} at or after {@code since}, and when (the latest such delete). */
    Optional<Deletion> deletedSince(String domain, String key, Instant since) {
        List<Row> rows = clickHouse.query(LinkSql.deletedSince(domain, key, since)).rows();
        return rows.isEmpty() ? Optional.empty()
                : Optional.of(new Deletion(rows.getFirst().string("workspace_id"), rows.getFirst().instant("updated_at")));
    }

    /** A deleted link's owner and deletion time. */
    record Deletion(String workspaceId, Instant deletedAt) {
    }

    /** Any live link by id, whatever its workspace (callers check the workspace). */
    Optional<Link> findAnyById(String id) {
        Parameters parameters = new Parameters();
        String text = "SELECT " + COLUMNS + " FROM links FINAL WHERE id = " + parameters.bind(Param.string(id)) + " AND NOT deleted";
        return first(Sql.of(text, parameters));
    }

    List<Link> list(String workspaceId, LinkFilter filter) {
        Parameters parameters = new Parameters();
        StringBuilder text = new StringBuilder("SELECT " + COLUMNS + " FROM links FINAL WHERE workspace_id = ")
                .append(parameters.bind(Param.string(workspaceId))).append(" AND NOT deleted");
        if (filter.domain() != null) {
            text.append(" AND domain = ").append(parameters.bind(Param.string(filter.domain())));
        }
        if (filter.tagId() != null) {
            text.append(" AND has(tag_ids, ").append(parameters.bind(Param.string(filter.tagId()))).append(')');
        }
        if (filter.folderId() != null) {
            text.append(" AND folder_id = ").append(parameters.bind(Param.string(filter.folderId())));
        }
        if (filter.tenantId() != null) {
            text.append(" AND tenant_id = ").append(parameters.bind(Param.string(filter.tenantId())));
        }
        if (filter.search() != null) {
            String search = parameters.bind(Param.string(filter.search()));
            text.append(" AND (positionCaseInsensitiveUTF8(url, ").append(search).append(") > 0")
                    .append(" OR positionCaseInsensitiveUTF8(key, ").append(search).append(") > 0")
                    .append(" OR positionCaseInsensitiveUTF8(title, ").append(search).append(") > 0)");
        }
        // One row more than a page tells whether another page follows.
        text.append(" ORDER BY created_at DESC, id LIMIT ").append(parameters.bind(Param.uint32(filter.pageSize() + 1L)))
                .append(" OFFSET ").append(parameters.bind(Param.uint64((long) (filter.page() - 1) * filter.pageSize())));
        List<Link> links = new ArrayList<>();
        for (Row row : clickHouse.query(Sql.of(text.toString(), parameters)).rows()) {
            links.add(toLink(row));
        }
        return links;
    }

    /** Up to {@code limit} live links of every workspace, newest first (to warm the redirect cache). */
    List<Link> recent(int limit) {
        Parameters parameters = new Parameters();
        String text = "SELECT " + COLUMNS + " FROM links FINAL WHERE NOT deleted ORDER BY updated_at DESC LIMIT "
                + parameters.bind(Param.uint32(limit));
        List<Link> links = new ArrayList<>();
        for (Row row : clickHouse.query(Sql.of(text, parameters)).rows()) {
            links.add(toLink(row));
        }
        return links;
    }

    private Optional<Link> first(Sql sql) {
        List<Row> rows = clickHouse.query(sql).rows();
        return rows.isEmpty() ? Optional.empty() : Optional.of(toLink(rows.getFirst()));
    }

    private static Link toLink(Row row) {
        Instant created = row.instant("created_at");
        return new Link(row.string("id"), row.string("workspace_id"), row.string("domain"), row.string("key"),
                row.string("url"), row.string("title"), row.list("tag_ids"), row.string("folder_id"),
                row.string("tenant_id"), row.string("external_id"), row.string("group_id"), row.string("partner_id"),
                created, row.instant("updated_at"));
    }
}
