package dev.tally.api.linkreport;

import dev.tally.runner.AnalyticsAnswer;
import dev.tally.runner.QueryRunner;
import dev.tally.runner.AnswerSources;
import dev.tally.api.error.ApiException;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.links.LinkCatalog;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.EventKind;
import dev.tally.query.Filter;
import dev.tally.query.Dimension;
import dev.tally.query.GroupBy;
import dev.tally.query.Granularity;
import dev.tally.query.Metric;
import dev.tally.query.SortOrder;
import dev.tally.store.Row;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code GET /api/v1/analytics/{link_id}}: seeds/002, one link's report. An unknown, deleted or other
 * workspace's link is the same 404 {@code NOT_FOUND}. Eight parts over the one link, answered by one scan of
 * the raw table's per-link projection (GROUPING SETS, docs/adr/0106-multi-part-answers-in-one-scan.md).
 */
@Tag(name = "analytics")
@SecurityRequirement(name = "bearer", scopes = Scope.ANALYTICS_READ_ROLE)
@ApiResponse(responseCode = "404", description = "Unknown link, or another workspace's (seeds/002 error shape)", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = LinkReportErrorFormat.Body.class), examples = @ExampleObject(value = "{\"success\":false,\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"Link not found.\"}}")))
@ApiResponse(responseCode = "400", description = "Refused parameter", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = LinkReportErrorFormat.Body.class), examples = @ExampleObject(value = "{\"success\":false,\"error\":{\"code\":\"BAD_REQUEST\",\"message\":\"start must be an ISO 8601 date or date-time.\"}}")))
@ApiResponse(responseCode = "401", description = "Missing or unknown key", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = LinkReportErrorFormat.Body.class), examples = @ExampleObject(value = "{\"success\":false,\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"Unknown API key.\"}}")))
@Controller("/api/v1/analytics")
@Secured(Scope.ANALYTICS_READ_ROLE)
final class LinkReportController {
    private final QueryRunner service;
    private final LinkCatalog catalog;
    private final Clock clock = Clock.systemUTC();

    LinkReportController(QueryRunner service, LinkCatalog catalog) {
        this.service = service;
        this.catalog = catalog;
    }

    @Operation(summary = "One link's analytics report (seeds/002)")
    @ApiResponse(responseCode = "200", description = "The report", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = LinkReportResponse.class), examples = @ExampleObject(name = "seed", value = "{\"success\":true,\"data\":{\"link_id\":\"550e8400-e29b-41d4-a716-446655440000\",\"short_code\":\"a8Kx2m\",\"total_clicks\":1523,\"time_series\":[{\"date\":\"2025-06-01\",\"count\":45}],\"referrers\":[{\"referrer\":null,\"count\":189}],\"countries\":[{\"country\":\"US\",\"count\":621}],\"cities\":[{\"city\":\"New York\",\"country\":\"US\",\"count\":89}],\"devices\":[{\"device_type\":\"desktop\",\"count\":845}],\"browsers\":[{\"browser\":\"Chrome\",\"count\":712}],\"os\":[{\"os\":\"Windows\",\"count\":534}]}}")))
    @Get("/{link_id}")
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<LinkReportResponse> report(@Parameter(hidden = true) Workspace workspace, @PathVariable("link_id") String linkId,
                                            @Nullable @QueryValue String start, @Nullable @QueryValue String end) {
        LinkReportParams params = new LinkReportParams(start, end);
        Row link = catalog.unlessRecentlyMissing(workspace.id(), LinkCatalog.LookupKind.ID, linkId, () -> service.liveLink(workspace.id(), linkId))
                .orElseThrow(() -> ApiException.notFound("Link not found: " + linkId));
        AnalyticsQuery query = AnalyticsQuery.of(workspace.id(), EventKind.CLICKS, params.range(workspace.timeZone(), clock.instant()),
                        workspace.timeZone(), Granularity.DAY)
                .withPage(LinkReportResponse.TOP, 0, SortOrder.DESC)
                .withFilter(Filter.including(Dimension.LINK_ID, linkId))
                // Clicks only: the report shows no other metric, and each one asked is computed for every part (ADR 0180).
                .withMetrics(Set.of(Metric.CLICKS));
        List<AnalyticsAnswer> parts = service.aggregateTogether(Stream.of(GroupBy.COUNT, GroupBy.TIMESERIES, GroupBy.REFERERS,
                GroupBy.COUNTRIES, GroupBy.CITIES, GroupBy.DEVICES, GroupBy.BROWSERS, GroupBy.OS).map(query::withGroupBy).toList());
        LinkReportResponse.Answers answers = new LinkReportResponse.Answers(parts.get(0), parts.get(1), parts.get(2), parts.get(3),
                parts.get(4), parts.get(5), parts.get(6), parts.get(7));
        MutableHttpResponse<LinkReportResponse> response = HttpResponse.ok(LinkReportResponse.of(link, answers, workspace.timeZone()));
        AnswerSources.headers(answers.all()).forEach(response::header);
        return response;
    }
}
