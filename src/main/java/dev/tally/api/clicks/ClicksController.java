package dev.tally.api.clicks;

import dev.tally.runner.AnalyticsAnswer;
import dev.tally.runner.QueryRunner;
import dev.tally.runner.AnswerSources;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.query.GroupBy;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
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

/** {@code GET /api/v1/analytics/clicks} and {@code /views}: seeds/000. Errors in that seed's format (auth's {@code ErrorFormats}). */
@Tag(name = "analytics")
@SecurityRequirement(name = "bearer", scopes = Scope.ANALYTICS_READ_ROLE)
@ApiResponse(responseCode = "400", description = "Refused parameter (seeds/000 error shape)", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = ClicksViewsErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"invalid_parameter\",\"message\":\"interval must be one of 1h, 1d, 7d, 30d, 90d; got '2d'.\"}}")))
@ApiResponse(responseCode = "401", description = "Missing or unknown key", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = ClicksViewsErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Unknown API key.\"}}")))
@ApiResponse(responseCode = "429", description = "Rate limited", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = ClicksViewsErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"rate_limited\",\"message\":\"Rate limit exceeded …\",\"retry_after\":12}}")))
@Controller("/api/v1/analytics")
@Secured(Scope.ANALYTICS_READ_ROLE)
final class ClicksController {
    private final QueryRunner service;
    private final Clock clock = Clock.systemUTC();

    ClicksController(QueryRunner service) {
        this.service = service;
    }

    @Operation(summary = "Query clicks (seeds/000)")
    @ApiResponse(responseCode = "200", description = "Click counts", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ClicksResponse.class), examples = @ExampleObject(name = "seed", value = "{\"data\":[{\"date\":\"2026-03-01\",\"clicks\":1423},{\"date\":\"2026-03-02\",\"clicks\":1891}],\"total\":9156,\"start\":\"2026-03-01T00:00:00Z\",\"end\":\"2026-03-15T23:59:59Z\"}")))
    @Get("/clicks")
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<ClicksResponse> clicks(@Parameter(hidden = true) Workspace workspace,
                                        @Parameter(description = "Time bucket of groupBy=day", schema = @Schema(type = "string", allowableValues = {"1h", "1d", "7d", "30d", "90d"}, defaultValue = "1d"))
                                        @Nullable @QueryValue String interval,
                                        @Parameter(description = "Start, ISO 8601 (default: 30 days ago)", example = "2026-03-01") @Nullable @QueryValue String start,
                                        @Parameter(description = "End, ISO 8601, inclusive (default: now)", example = "2026-03-15") @Nullable @QueryValue String end,
                                        @Parameter(description = "Only this link") @Nullable @QueryValue String linkId,
                                        @Parameter(description = "Group by", schema = @Schema(type = "string", allowableValues = {"day", "country", "device", "browser", "referrer"}, defaultValue = "day"))
                                        @Nullable @QueryValue String groupBy,
                                        @Parameter(description = "Max results", schema = @Schema(type = "integer", defaultValue = "100", maximum = "1000"))
                                        @Nullable @QueryValue String limit) {
        return answer(ClicksSurface.CLICKS, workspace, new ClicksParams(interval, start, end, linkId, groupBy, limit));
    }

    @Operation(summary = "Query bio-page views (seeds/000)")
    @ApiResponse(responseCode = "200", description = "View counts", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ClicksResponse.class), examples = @ExampleObject(name = "seed", value = "{\"data\":[{\"date\":\"2026-03-01\",\"views\":1423},{\"date\":\"2026-03-02\",\"views\":1891}],\"total\":9156,\"start\":\"2026-03-01T00:00:00Z\",\"end\":\"2026-03-15T23:59:59Z\"}")))
    @Get("/views")
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<ClicksResponse> views(@Parameter(hidden = true) Workspace workspace,
                                       @Parameter(description = "Time bucket of groupBy=day", schema = @Schema(type = "string", allowableValues = {"1h", "1d", "7d", "30d"}, defaultValue = "1d"))
                                       @Nullable @QueryValue String interval,
                                       @Parameter(description = "Start, ISO 8601 (default: 30 days ago)", example = "2026-03-01") @Nullable @QueryValue String start,
                                       @Parameter(description = "End, ISO 8601, inclusive (default: now)", example = "2026-03-15") @Nullable @QueryValue String end,
                                       @Parameter(description = "Only this page") @Nullable @QueryValue String pageId,
                                       @Parameter(description = "Group by", schema = @Schema(type = "string", allowableValues = {"day", "referrer", "country", "device"}, defaultValue = "day"))
                                       @Nullable @QueryValue String groupBy,
                                       @Parameter(description = "Max results", schema = @Schema(type = "integer", defaultValue = "100", maximum = "1000"))
                                       @Nullable @QueryValue String limit) {
        return answer(ClicksSurface.VIEWS, workspace, new ClicksParams(interval, start, end, pageId, groupBy, limit));
    }

    private HttpResponse<ClicksResponse> answer(ClicksSurface surface, Workspace workspace, ClicksParams params) {
        ClicksRequest request = ClicksRequest.parse(surface, params, workspace.id(), clock.instant());
        AnalyticsAnswer data = service.aggregate(request.query());
        AnalyticsAnswer total = service.aggregate(request.query().withGroupBy(GroupBy.COUNT));
        MutableHttpResponse<ClicksResponse> response = HttpResponse.ok(
                ClicksResponse.of(surface, request, data, total.rows().single().longValue(surface.countField)));
        AnswerSources.headers(List.of(data, total)).forEach(response::header);
        return response;
    }
}
