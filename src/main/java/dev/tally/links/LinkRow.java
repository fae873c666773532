package dev.tally.links;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.sql.DateTime64Text;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One version row of the {@code links} table, as JSONEachRow writes it. */
@Serdeable
record LinkRow(@JsonProperty("workspace_id") String workspaceId, String id, String domain, String key, String url,
               String title, @JsonProperty("tag_ids") List<String> tagIds, @JsonProperty("folder_id") String folderId,
               @JsonProperty("tenant_id") String tenantId, @JsonProperty("external_id") String externalId,
               @JsonProperty("group_id") String groupId, @JsonProperty("partner_id") String partnerId,
               @JsonProperty("created_at") String createdAt, @JsonProperty("updated_at") String updatedAt,
               boolean deleted) {

    static LinkRow of(Link link, boolean deleted) {
        return new LinkRow(link.workspaceId(), link.id(), link.domain(), link.key(), link.url(), link.title(),
                link.tagIds(), link.folderId(), link.tenantId(), link.externalId(), link.groupId(), link.partnerId(),
                DateTime64Text.format(link.createdAt()), DateTime64Text.format(link.updatedAt()), deleted);
    }
}
