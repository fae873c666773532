package dev.tally.api.links;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.links.LinkChanges;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The body of {@code POST} and {@code PATCH /api/v1/links}: absent fields are kept (or defaulted on create). */
@Serdeable
record LinkRequest(@Nullable String url, @Nullable String domain, @Nullable String key, @Nullable String title,
                   @Nullable @JsonProperty("tag_ids") List<String> tagIds,
                   @Nullable @JsonProperty("folder_id") String folderId,
                   @Nullable @JsonProperty("tenant_id") String tenantId,
                   @Nullable @JsonProperty("external_id") String externalId,
                   @Nullable @JsonProperty("group_id") String groupId,
                   @Nullable @JsonProperty("partner_id") String partnerId) {

    LinkChanges changes() {
        return new LinkChanges(url, domain, key, title, tagIds, folderId, tenantId, externalId, groupId, partnerId);
    }
}
