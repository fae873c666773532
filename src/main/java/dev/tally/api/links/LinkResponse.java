package dev.tally.api.links;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.links.Link;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** A link as the API shows it. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record LinkResponse(String id, String domain, String key, String url, @JsonProperty("short_link") String shortLink,
                    String title, @JsonProperty("tag_ids") List<String> tagIds, @JsonProperty("folder_id") String folderId,
                    @JsonProperty("tenant_id") String tenantId, @JsonProperty("external_id") String externalId,
                    @JsonProperty("group_id") String groupId, @JsonProperty("partner_id") String partnerId,
                    @JsonProperty("created_at") Instant createdAt, @JsonProperty("updated_at") Instant updatedAt) {

    static LinkResponse of(Link link) {
        return new LinkResponse(link.id(), link.domain(), link.key(), link.url(), link.shortLink(), link.title(),
                link.tagIds(), link.folderId(), link.tenantId(), link.externalId(), link.groupId(), link.partnerId(),
                link.createdAt(), link.updatedAt());
    }
}
