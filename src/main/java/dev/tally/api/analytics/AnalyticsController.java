package dev.tally.api.analytics;

import dev.tally.runner.QueryRunner;
import dev.tally.runner.AnalyticsAnswer;
import dev.tally.api.error.FilterParameters;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
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

/**
 * {@code GET /api/v1/analytics}: aggregates over the full filter set, in Dub's analytics shapes; how it was
 * answered (rollup or raw, which table, uniques' error) travels in {@code X-Tally-*} headers.
 */
@Tag(name = "analytics")
@SecurityRequirement(name = "bearer", scopes = Scope.ANALYTICS_READ_ROLE)
@ApiResponse(responseCode = "400", description = "Refused parameter or body, in Tally's own error shape", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"bad_request\",\"message\":\"groupBy must be one of count, timeseries, …; got 'nope'.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-bad_request\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked key", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Unknown API key.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-unauthorized\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "429", description = "Rate limit exceeded (Retry-After says when to retry)", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit exceeded: 1000 requests per window for this API key; retry after 12 seconds.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-rate_limit_exceeded\"}}")))
@Controller("/api/v1/analytics")
@Secured(Scope.ANALYTICS_READ_ROLE)
final class AnalyticsController {
    private final QueryParser parser;
    private final QueryRunner service;

    AnalyticsController(QueryParser parser, QueryRunner service) {
        this.parser = parser;
        this.service = service;
    }

    @Operation(summary = "Aggregate events (Dub-compatible analytics)", description = "One aggregate over the full filter grammar; X-Tally-Source (rollup/raw) and X-Tally-Table say what answered.")
    @Parameter(in = ParameterIn.QUERY, name = "groupBy", description = "What to aggregate by (one of count, timeseries, continents, regions, countries, cities, devices, browsers, os, triggers, referers, referer_urls, top_links, top_urls, top_base_urls, top_domains, top_tags, top_folders, top_partners, top_groups, top_partner_tags, utm_sources, utm_mediums, utm_campaigns, utm_terms, utm_contents; default count)", schema = @Schema(type = "string", allowableValues = {"count", "timeseries", "continents", "regions", "countries", "cities", "devices", "browsers", "os", "triggers", "referers", "referer_urls", "top_links", "top_urls", "top_base_urls", "top_domains", "top_tags", "top_folders", "top_partners", "top_groups", "top_partner_tags", "utm_sources", "utm_mediums", "utm_campaigns", "utm_terms", "utm_contents"}, defaultValue = "count"))
    @Parameter(in = ParameterIn.QUERY, name = "event", description = "Event kind (one of clicks, leads, sales, composite, views; default clicks)", schema = @Schema(type = "string", allowableValues = {"clicks", "leads", "sales", "composite", "views"}, defaultValue = "clicks"))
    @Parameter(in = ParameterIn.QUERY, name = "interval", description = "Preset range (ignored when start/end are given) (one of 1h, 24h, 7d, 30d, 90d, mtd, qtd, ytd, 1y, all, all_unfiltered; default 24h)", schema = @Schema(type = "string", allowableValues = {"1h", "24h", "7d", "30d", "90d", "mtd", "qtd", "ytd", "1y", "all", "all_unfiltered"}, defaultValue = "24h"))
    @Parameter(in = ParameterIn.QUERY, name = "start", description = "Start: ISO 8601 date or date-time", example = "2026-03-01", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "end", description = "End (exclusive): ISO 8601 date or date-time", example = "2026-03-15", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "timezone", description = "IANA time zone of buckets and dates (default: the workspace's)", example = "Europe/Berlin", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "limit", description = "Rows for top lists (default 100; integer)", schema = @Schema(type = "integer", defaultValue = "100"))
    @Parameter(in = ParameterIn.QUERY, name = "root", description = "Only root links (true) or none (false) (boolean)", schema = @Schema(type = "boolean"))
    @Parameter(in = ParameterIn.QUERY, name = "query", description = "Metadata search", schema = @Schema(type = "string"))
    @FilterParameters
    @Get
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<Object> analytics(HttpRequest<?> request, @Parameter(hidden = true) Workspace workspace) {
        AnalyticsQuery query = parser.parse(request.getParameters().asMap(), SurfaceRules.NATIVE_ANALYTICS,
                workspace.id(), workspace.timeZone());
        AnalyticsAnswer answer = service.aggregate(query);
        MutableHttpResponse<Object> response = HttpResponse.ok(AnalyticsResponse.body(answer));
        AnalyticsResponse.headers(answer).forEach(response::header);
        return response;
    }
}
