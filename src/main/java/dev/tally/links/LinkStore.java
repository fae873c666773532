package dev.tally.links;

import dev.tally.sql.LinkSql;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.DataVersions;
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
    private final ClickHouse clickHouse;
    private final JsonMapper json;
    private final DataVersions versions;

    public LinkStore(ClickHouse clickHouse, JsonMapper json, DataVersions versions) {
        this.clickHouse = clickHouse;
        this.json = json;
        this.versions = versions;
    }

    void write(Link link, boolean deleted) {
        byte[] row;
        try {
            row = json.writeValueAsBytes(LinkRow.of(link, deleted));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clickHouse.insert(LinkSql.TABLE, InputFormat.JSON_EACH_ROW, new ByteArrayInputStream(row));
        // A link's tags, folder, URL and deletion change answers (top_links, tag filters): cached ones go stale.
        versions.bump(link.workspaceId());
    }

    Optional<Link> findById(String workspaceId, String id) {
        return first(LinkSql.byId(workspaceId, id));
    }

    /** The live link on {@code domain}/{@code key} in any workspace: keys are unique within Tally. */
    public Optional<Link> findByDomainKey(String domain, String key) {
        return first(LinkSql.byDomainKey(domain, key));
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
        return first(LinkSql.anyById(id));
    }

    List<Link> list(String workspaceId, LinkFilter filter) {
        return links(LinkSql.list(workspaceId, filter.domain(), filter.tagId(), filter.folderId(), filter.tenantId(), filter.search(),
                filter.page(), filter.pageSize()));
    }

    /** Up to {@code limit} live links of every workspace, newest first (to warm the redirect cache). */
    List<Link> recent(int limit) {
        return links(LinkSql.recent(limit));
    }

    private List<Link> links(Sql sql) {
        List<Link> links = new ArrayList<>();
        for (Row row : clickHouse.query(sql).rows()) {
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
