package dev.tally.api.slug;

import dev.tally.runner.AnalyticsAnswer;
import dev.tally.runner.QueryRunner;
import dev.tally.runner.AnswerSources;
import dev.tally.api.error.ApiException;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.links.LinkCatalog;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.Dimension;
import dev.tally.query.EventKind;
import dev.tally.query.Filter;
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

/**
 * {@code GET /api/v1/links/{slug}/analytics}: seeds/004. The slug is a link's key in the caller's workspace;
 * an unknown, deleted or other workspace's slug is the same 404 {@code not_found}.
 */
@Tag(name = "analytics")
@SecurityRequirement(name = "bearer", scopes = Scope.ANALYTICS_READ_ROLE)
@ApiResponse(responseCode = "404", description = "Unknown slug (seeds/004 error shape)", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = SlugAnalyticsErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":\"not_found\",\"message\":\"Link not found.\",\"status\":404}")))
@ApiResponse(responseCode = "400", description = "Refused parameter", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = SlugAnalyticsErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":\"bad_request\",\"message\":\"period must be one of 24h, 7d, 30d, 90d, all.\",\"status\":400}")))
@Controller("/api/v1/links/{slug}/analytics")
@Secured(Scope.ANALYTICS_READ_ROLE)
final class SlugController {
    private final QueryRunner service;
    private final LinkCatalog catalog;
    private final Clock clock = Clock.systemUTC();

    SlugController(QueryRunner service, LinkCatalog catalog) {
        this.service = service;
        this.catalog = catalog;
    }

    @Operation(summary = "A short link's analytics by slug (seeds/004)")
    @ApiResponse(responseCode = "200", description = "The analytics", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = SlugResponse.class), examples = @ExampleObject(name = "seed", value = "{\"slug\":\"x7kQ2m\",\"period\":\"30d\",\"total_clicks\":12847,\"unique_visitors\":8234,\"time_series\":[{\"date\":\"2026-01-17\",\"clicks\":423}],\"top_referrers\":[{\"referrer\":\"google.com\",\"count\":4521}],\"top_countries\":[{\"country\":\"US\",\"count\":5423}],\"top_devices\":[{\"device\":\"desktop\",\"count\":7981}],\"top_browsers\":[{\"browser\":\"Chrome\",\"count\":7234}]}")))
    @Get
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<SlugResponse> analytics(@Parameter(hidden = true) Workspace workspace, @PathVariable String slug, @Parameter(description = "Range", schema = @Schema(type = "string", defaultValue = "30d")) @Nullable @QueryValue String period) {
        SlugParams params = new SlugParams(period);
        var range = params.range(workspace.timeZone(), clock.instant());
        Row link = catalog.unlessRecentlyMissing(workspace.id(), LinkCatalog.LookupKind.KEY, slug, () -> service.liveLinkByKey(workspace.id(), slug))
                .orElseThrow(() -> ApiException.notFound("Link not found: " + slug));
        AnalyticsQuery query = AnalyticsQuery.of(workspace.id(), EventKind.CLICKS, range, workspace.timeZone(), Granularity.DAY)
                .withPage(SlugResponse.TOP, 0, SortOrder.DESC)
                .withFilter(Filter.including(Dimension.LINK_ID, link.string("id")))
                // Clicks only, and unique visitors for the total: the answer shows no other metric, and each one asked
                // is computed for every part (ADR 0180).
                .withMetrics(Set.of(Metric.CLICKS));
        List<AnalyticsAnswer> parts = service.aggregateTogether(List.of(
                query.withGroupBy(GroupBy.COUNT).withMetrics(Set.of(Metric.CLICKS, Metric.UNIQUE_VISITORS)),
                query.withGroupBy(GroupBy.TIMESERIES), query.withGroupBy(GroupBy.REFERERS), query.withGroupBy(GroupBy.COUNTRIES),
                query.withGroupBy(GroupBy.DEVICES), query.withGroupBy(GroupBy.BROWSERS)));
        SlugResponse.Answers answers = new SlugResponse.Answers(parts.get(0), parts.get(1), parts.get(2), parts.get(3), parts.get(4),
                parts.get(5));
        MutableHttpResponse<SlugResponse> response = HttpResponse.ok(
                SlugResponse.of(slug, params.periodOrDefault(), answers, workspace.timeZone()));
        AnswerSources.headers(answers.all()).forEach(response::header);
        return response;
    }
}
