package dev.tally.api.clicklog;

import dev.tally.api.error.ApiException;
import dev.tally.auth.Workspace;
import dev.tally.auth.WorkspaceGuard;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Dimension;
import dev.tally.query.EventKind;
import dev.tally.query.Filter;
import dev.tally.query.Granularity;
import dev.tally.query.RangeParser;
import dev.tally.query.SortOrder;
import dev.tally.query.SurfaceRules;
import dev.tally.query.TimeRange;
import dev.tally.sql.ClickLogSql;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * A checked click-log request: the days {@code [start, end]} in the workspace's time zone, human clicks
 * only (as every analytics surface), one page of at most {@code limit} clicks after {@code after}.
 */
record ClickLogRequest(AnalyticsQuery query, Optional<ClickLogSql.After> after) {
    static final int DEFAULT_LIMIT = SurfaceRules.CLICK_LOG.defaultLimit();
    static final int MAX_LIMIT = SurfaceRules.CLICK_LOG.maxLimit();

    static ClickLogRequest parse(ClickLogParams params, Workspace workspace) {
        WorkspaceGuard.requireOwn(workspace, params.workspace_id());
        TimeRange range = RangeParser.range(SurfaceRules.CLICK_LOG.range(), params.start(), params.end(), null, workspace.timeZone(),
                Instant.now());
        int limit = params.limit() == null ? DEFAULT_LIMIT : params.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be from 1 to " + MAX_LIMIT + "; got " + limit + ".");
        }
        AnalyticsQuery query = AnalyticsQuery.of(workspace.id(), EventKind.CLICKS, range, workspace.timeZone(), Granularity.DAY)
                .withPage(limit, 0, SortOrder.ASC);
        if (params.url_id() != null) {
            query = query.withFilter(Filter.including(Dimension.LINK_ID, params.url_id()));
        }
        return new ClickLogRequest(query, params.cursor() == null ? Optional.empty() : Optional.of(decode(params.cursor())));
    }

    /** The cursor naming the click after which the next page starts: base64url of {@code epochMillis:eventId}. */
    static String encode(ClickLogSql.After after) {
        String text = after.timestamp().toEpochMilli() + ":" + after.eventId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ClickLogSql.After decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return new ClickLogSql.After(Instant.ofEpochMilli(Long.parseLong(text.substring(0, colon))), text.substring(colon + 1));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw ApiException.badRequest("cursor is not a cursor this endpoint returned: '" + cursor + "'.");
        }
    }
}
