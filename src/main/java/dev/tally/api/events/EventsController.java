package dev.tally.api.events;

import dev.tally.runner.AnswerSources;
import dev.tally.runner.QueryRunner;
import dev.tally.runner.RowsAnswer;
import dev.tally.api.error.FilterParameters;
import dev.tally.auth.Plan;
import dev.tally.auth.RequiresPlan;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/events}: seed 001 — one page of click, lead or sale events, newest first by default (business plan and up). */
@Tag(name = "events")
@SecurityRequirement(name = "bearer", scopes = Scope.ANALYTICS_READ_ROLE)
@ApiResponse(responseCode = "400", description = "Refused parameter or body, in Tally's own error shape", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"bad_request\",\"message\":\"page must be a positive whole number, got '0'.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-bad_request\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked key", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Unknown API key.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-unauthorized\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "429", description = "Rate limit exceeded (Retry-After says when to retry)", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit exceeded: 1000 requests per window for this API key; retry after 12 seconds.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-rate_limit_exceeded\"}}")))
@Controller("/api/v1/events")
@Secured(Scope.ANALYTICS_READ_ROLE)
@RequiresPlan(Plan.BUSINESS)
final class EventsController {
    private final QueryParser parser;
    private final QueryRunner service;
    private final JsonMapper json;

    EventsController(QueryParser parser, QueryRunner service, JsonMapper json) {
        this.parser = parser;
        this.service = service;
        this.json = json;
    }

    @Operation(summary = "List individual events (business plan)", description = "Newest first; Dub-style event objects (seeds/001).")
    @Parameter(in = ParameterIn.QUERY, name = "event", description = "Event kind (one of clicks, leads, sales; default clicks)", schema = @Schema(type = "string", allowableValues = {"clicks", "leads", "sales"}, defaultValue = "clicks"))
    @Parameter(in = ParameterIn.QUERY, name = "interval", description = "Preset range (ignored when start/end are given) (one of 1h, 24h, 7d, 30d, 90d, mtd, qtd, ytd, 1y, all, all_unfiltered; default 24h)", schema = @Schema(type = "string", allowableValues = {"1h", "24h", "7d", "30d", "90d", "mtd", "qtd", "ytd", "1y", "all", "all_unfiltered"}, defaultValue = "24h"))
    @Parameter(in = ParameterIn.QUERY, name = "start", description = "Start: ISO 8601 date or date-time", example = "2026-03-01", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "end", description = "End (exclusive): ISO 8601 date or date-time", example = "2026-03-15", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "timezone", description = "IANA time zone of buckets and dates (default: the workspace's)", example = "Europe/Berlin", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "page", description = "Page, from 1 (default 1; integer) (default 1; integer)", schema = @Schema(type = "integer", defaultValue = "1"))
    @Parameter(in = ParameterIn.QUERY, name = "limit", description = "Events per page (default 100; integer) (default 100; integer)", schema = @Schema(type = "integer", defaultValue = "100"))
    @Parameter(in = ParameterIn.QUERY, name = "sortOrder", description = "Order by timestamp (one of asc, desc; default desc)", schema = @Schema(type = "string", allowableValues = {"asc", "desc"}, defaultValue = "desc"))
    @Parameter(in = ParameterIn.QUERY, name = "sortBy", description = "Sort key (one of timestamp; default timestamp)", schema = @Schema(type = "string", allowableValues = {"timestamp"}, defaultValue = "timestamp"))
    @FilterParameters
    @Get
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<List<Map<String, Object>>> events(HttpRequest<?> request, @Parameter(hidden = true) Workspace workspace) {
        AnalyticsQuery query = parser.parse(request.getParameters().asMap(), SurfaceRules.EVENTS_LIST, workspace.id(), workspace.timeZone());
        RowsAnswer events = service.events(query);
        return HttpResponse.ok(EventsResponse.body(events.rows(), json)).header(AnswerSources.CACHE_HEADER, events.cacheHeader());
    }
}
