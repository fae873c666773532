package dev.tally.api.clicklog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Seeds/003's JSON body, as sent, plus the paging fields (documented in the README):
 *
 * @param start        inclusive {@code YYYY-MM-DD}, required
 * @param end          inclusive {@code YYYY-MM-DD}, required
 * @param workspace_id optional; must be the API key's own workspace
 * @param url_id       optional link id filter
 * @param limit        clicks per page, default 1000, at most 10000 ({@code SurfaceRules.CLICK_LOG})
 * @param cursor       the previous page's {@code X-Next-Cursor} header, to read the page after it
 */
@Serdeable
record ClickLogParams(@Nullable String start, @Nullable String end, @Nullable String workspace_id, @Nullable String url_id,
                      @Nullable Integer limit, @Nullable String cursor) {
}
