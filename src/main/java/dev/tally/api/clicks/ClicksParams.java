package dev.tally.api.clicks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The raw query parameters of {@code GET /api/v1/analytics/clicks|views} (seeds/000), as sent; {@code id} is
 * {@code linkId} for clicks and {@code pageId} for views.
 */
@Serdeable
record ClicksParams(@Nullable String interval, @Nullable String start, @Nullable String end, @Nullable String id,
                    @Nullable String groupBy, @Nullable String limit) {
}
