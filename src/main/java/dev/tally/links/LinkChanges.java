package dev.tally.links;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/** What a create or update asks for; {@code null} means "not given" (keep, or default on create). */
public record LinkChanges(@Nullable String url, @Nullable String domain, @Nullable String key, @Nullable String title,
                          @Nullable List<String> tagIds, @Nullable String folderId, @Nullable String tenantId,
                          @Nullable String externalId, @Nullable String groupId, @Nullable String partnerId) {
}
