package dev.tally.links;

import io.micronaut.core.annotation.Nullable;

/** The links list's filters (each optional) and page; {@code page} counts from 1. */
public record LinkFilter(@Nullable String domain, @Nullable String tagId, @Nullable String folderId,
                         @Nullable String tenantId, @Nullable String search, int page, int pageSize) {
}
