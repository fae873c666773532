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

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checked click-log request: the days {@code [start, end]} in the workspace's time zone, human clicks
 * only (as every analytics surface), one page of at most {@code limit} clicks after {@code after}.
 */
record ClickLogRequest(AnalyticsQuery query, Optional<ClickLogSql.After> after) {
    static final int DEFAULT_LIMIT = SurfaceRules.CLICK_LOG.defaultLimit();
    static final int MAX_LIMIT = SurfaceRules.CLICK_LOG.maxLimit();
    // Up to 15 digits of epoch milliseconds (beyond year 30000, so parseLong cannot overflow); event ids as ingest allows them.
    private static final Pattern CURSOR = Pattern.compile("(-?[0-9]{1,15}):([\\x21-\\x7e]{1,128})");

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
        return new ClickLogRequest(query, params.cursor() == null ? Optional.empty() : Optional.of(decode(params.cursor(), range)));
    }

    /** The cursor naming the click after which the next page starts: base64url of {@code epochMillis:eventId}. */
    static String encode(ClickLogSql.After after) {
        String text = after.timestamp().toEpochMilli() + ":" + after.eventId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The click a cursor names. Only what {@link #encode} can produce passes: base64url of digits, a colon
     * and an event id of 1 to 128 printable ASCII characters, the time inside this request's range. Anything
     * else (e.g. {@code 9223372036854775807:x}, which no DateTime64 holds) is a 400, never an engine error.
     */
    private static ClickLogSql.After decode(String cursor, TimeRange range) {
        String text;
        try {
            text = StandardCharsets.US_ASCII.newDecoder().decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor))).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw badCursor(cursor);
        }
        Matcher parts = CURSOR.matcher(text);
        if (!parts.matches()) {
            throw badCursor(cursor);
        }
        Instant at = Instant.ofEpochMilli(Long.parseLong(parts.group(1)));
        if (at.isBefore(range.start()) || !at.isBefore(range.end())) {
            throw ApiException.badRequest("cursor points outside start..end; send the cursor of a page of this same range.");
        }
        return new ClickLogSql.After(at, parts.group(2));
    }

    private static ApiException badCursor(String cursor) {
        String shown = cursor.length() > 64 ? cursor.substring(0, 64) + "…" : cursor;
        return ApiException.badRequest("cursor is not a cursor this endpoint returned: '" + shown + "'.");
    }
}
