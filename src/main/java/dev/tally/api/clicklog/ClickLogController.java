package dev.tally.api.clicklog;

import dev.tally.runner.AnswerSources;
import dev.tally.runner.QueryRunner;
import dev.tally.runner.RowsAnswer;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.sql.ClickLogSql;
import dev.tally.store.Row;
import dev.tally.store.Rows;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
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

/**
 * {@code POST /v1/analytics}: seeds/003, the raw click log, one keyset page per request (oldest first).
 * A full page carries {@code X-Next-Cursor}; send it back as {@code cursor} for the next one. Memory stays
 * flat: one page of at most 10,000 clicks is held, whatever the range.
 */
@Tag(name = "analytics")
@SecurityRequirement(name = "bearer", scopes = Scope.ANALYTICS_READ_ROLE)
@ApiResponse(responseCode = "400", description = "Refused body (seeds/003 error shape)", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = ClickLogErrorFormat.Body.class), examples = @ExampleObject(value = "{\"success\":false,\"status_code\":400,\"data\":null,\"message\":\"start must be an ISO 8601 date.\"}")))
@ApiResponse(responseCode = "401", description = "Missing or unknown key", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = ClickLogErrorFormat.Body.class), examples = @ExampleObject(value = "{\"success\":false,\"status_code\":401,\"data\":null,\"message\":\"Unknown API key.\"}")))
@Controller("/v1/analytics")
@Secured(Scope.ANALYTICS_READ_ROLE)
final class ClickLogController {
    static final String NEXT_CURSOR = "X-Next-Cursor";
    private final QueryRunner service;

    ClickLogController(QueryRunner service) {
        this.service = service;
    }

    @Operation(summary = "The raw click log, keyset-paged (seeds/003)", description = "Body: {\"workspace_id\": 24, \"start\": \"2025-01-01\", \"end\": \"2025-01-07\"} (the seed's request).")
    @ApiResponse(responseCode = "200", description = "Clicks", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ClickLogResponse.class), examples = @ExampleObject(name = "seed", value = "{\"success\":true,\"status_code\":200,\"data\":[{\"id\":7301,\"workspace_id\":24,\"organization_id\":3,\"url_id\":501,\"domain\":\"go.shortpen.com\",\"created_at\":\"2023-11-07T05:31:56Z\",\"url_slug\":\"summer-2025\",\"device_type\":\"mobile\",\"platform\":\"iOS\",\"browser\":\"Safari\",\"country\":\"US\",\"referrer\":\"https://news.example.com\"}],\"message\":\"\"}")))
    @Post
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<ClickLogResponse> clicks(@Parameter(hidden = true) Workspace workspace, @Body ClickLogParams params) {
        ClickLogRequest request = ClickLogRequest.parse(params, workspace);
        RowsAnswer answer = service.clickLog(request.query(), request.after());
        Rows rows = answer.result();
        MutableHttpResponse<ClickLogResponse> response = HttpResponse.ok(ClickLogResponse.of(workspace, rows.rows()));
        if (rows.size() == request.query().limit()) {
            Row last = rows.get(rows.size() - 1);
            response.header(NEXT_CURSOR, ClickLogRequest.encode(new ClickLogSql.After(last.instant("timestamp"), last.string("event_id"))));
        }
        response.header("X-Tally-Source", "raw");
        response.header("X-Tally-Table", "events");
        response.header(AnswerSources.CACHE_HEADER, answer.cacheHeader());
        return response;
    }
}
