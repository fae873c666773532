package dev.tally.links;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A short link, current version. {@code domain}+{@code key} is unique within Tally; tags, folder, tenant,
 * group, partner and external id can change and are read by analytics from the latest version.
 */
public record Link(String id, String workspaceId, String domain, String key, String url, String title,
                   List<String> tagIds, String folderId, String tenantId, String externalId, String groupId,
                   String partnerId, Instant createdAt, Instant updatedAt) {
    public Link {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        tagIds = List.copyOf(tagIds);
    }

    public String shortLink() {
        return "https://" + domain + "/" + key;
    }
}
