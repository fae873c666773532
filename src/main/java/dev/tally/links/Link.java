package dev.tally.links;

import dev.tally.query.RootFilter;

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

    /**
     * The public address of a link's key on its domain; a domain's root link ({@link dev.tally.query.RootFilter#ROOT_KEY})
     * is the bare domain. For answers built from rows rather than a {@code Link}.
     */
    public static String shortLink(String domain, String key) {
        return "https://" + domain + (key.equals(RootFilter.ROOT_KEY) ? "" : "/" + key);
    }

    public String shortLink() {
        return "https://" + domain + "/" + key;
    }
}
