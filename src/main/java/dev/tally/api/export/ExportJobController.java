package dev.tally.api.export;

import dev.tally.api.error.FilterParameters;
import dev.tally.auth.Plan;
import dev.tally.auth.RequiresPlan;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.types.files.StreamedFile;
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
 * Bulk export jobs: {@code POST /api/v1/exports} (the export's parameters, plus {@code partition=day|hour} and
 * {@code max_file_bytes}, in the query string) answers 202 with the job; {@code GET /api/v1/exports/{id}}
 * reports progress and the manifest; {@code GET /api/v1/exports/{id}/files/{name}} downloads a finished file;
 * {@code DELETE /api/v1/exports/{id}} stops the job if it runs and removes it with its files (204).
 */
@Tag(name = "events")
@SecurityRequirement(name = "bearer", scopes = Scope.ANALYTICS_READ_ROLE)
@ApiResponse(responseCode = "400", description = "Refused parameter or body, in Tally's own error shape", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"bad_request\",\"message\":\"partition must be one of day, hour, got 'week'.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-bad_request\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked key", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Unknown API key.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-unauthorized\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "429", description = "Rate limit exceeded (Retry-After says when to retry)", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit exceeded: 1000 requests per window for this API key; retry after 12 seconds.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-rate_limit_exceeded\"}}")))
@Controller("/api/v1/exports")
@Secured(Scope.ANALYTICS_READ_ROLE)
@RequiresPlan(Plan.BUSINESS)
final class ExportJobController {
    private final ExportJobs jobs;

    ExportJobController(ExportJobs jobs) {
        this.jobs = jobs;
    }

    @Operation(summary = "Start a bulk export job (business plan)", description = "Partitioned files written in the background; poll GET /api/v1/exports/{id}.")
    @Parameter(in = ParameterIn.QUERY, name = "format", description = "File format (one of csv, tsv, ndjson, parquet, arrow; default csv)", schema = @Schema(type = "string", allowableValues = {"csv", "tsv", "ndjson", "parquet", "arrow"}, defaultValue = "csv"))
    @Parameter(in = ParameterIn.QUERY, name = "compression", description = "Compression of text formats (one of none, gzip, zstd; default none)", schema = @Schema(type = "string", allowableValues = {"none", "gzip", "zstd"}, defaultValue = "none"))
    @Parameter(in = ParameterIn.QUERY, name = "partition", description = "One file per (one of day, hour; default day)", schema = @Schema(type = "string", allowableValues = {"day", "hour"}, defaultValue = "day"))
    @Parameter(in = ParameterIn.QUERY, name = "max_file_bytes", description = "Split files above this size (integer) (integer)", schema = @Schema(type = "integer"))
    @Parameter(in = ParameterIn.QUERY, name = "event", description = "Event kind (one of clicks, leads, sales; default clicks)", schema = @Schema(type = "string", allowableValues = {"clicks", "leads", "sales"}, defaultValue = "clicks"))
    @Parameter(in = ParameterIn.QUERY, name = "interval", description = "Preset range (ignored when start/end are given) (one of 1h, 24h, 7d, 30d, 90d, mtd, qtd, ytd, 1y, all, all_unfiltered; default 24h)", schema = @Schema(type = "string", allowableValues = {"1h", "24h", "7d", "30d", "90d", "mtd", "qtd", "ytd", "1y", "all", "all_unfiltered"}, defaultValue = "24h"))
    @Parameter(in = ParameterIn.QUERY, name = "start", description = "Start: ISO 8601 date or date-time", example = "2026-03-01", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "end", description = "End (exclusive): ISO 8601 date or date-time", example = "2026-03-15", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "timezone", description = "IANA time zone of buckets and dates (default: the workspace's)", example = "Europe/Berlin", schema = @Schema(type = "string"))
    @FilterParameters
    @Post
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<ExportJobView> create(HttpRequest<?> request, @Parameter(hidden = true) Workspace workspace) {
        ExportJobView job = jobs.create(request.getParameters().asMap(), workspace);
        return HttpResponse.<ExportJobView>status(HttpStatus.ACCEPTED).body(job).header("Location", "/api/v1/exports/" + job.id());
    }

    @Operation(summary = "An export job's state and files")
    @Get("/{id}")
    @ExecuteOn(TaskExecutors.IO)
    ExportJobView status(@PathVariable String id, @Parameter(hidden = true) Workspace workspace) {
        return jobs.status(id, workspace);
    }

    @Operation(summary = "Delete an export job and its files", description = "A running job is stopped first; finished jobs are also deleted after the retention period (7 days by default).")
    @Delete("/{id}")
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<Void> delete(@PathVariable String id, @Parameter(hidden = true) Workspace workspace) {
        jobs.delete(id, workspace);
        return HttpResponse.noContent();
    }

    @Get("/{id}/files/{name}")
    @Produces({"text/csv", "text/tab-separated-values", "application/x-ndjson", "application/vnd.apache.parquet",
            "application/vnd.apache.arrow.stream", "application/gzip", "application/zstd", MediaType.ALL})
    @Operation(summary = "Download one file of a finished export job")
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<StreamedFile> file(@PathVariable String id, @PathVariable String name, @Parameter(hidden = true) Workspace workspace) {
        ExportJobs.Download download = jobs.file(id, name, workspace);
        String type = switch (ExportJobRunner.compression(download.spec())) {
            case NONE -> ExportJobRunner.format(download.spec()).mediaType();
            case GZIP -> "application/gzip";
            case ZSTD -> "application/zstd";
        };
        StreamedFile file = new StreamedFile(download.content(), MediaType.of(type), System.currentTimeMillis(), download.file().bytes())
                .attach(download.file().name());
        return HttpResponse.ok(file).header("X-Tally-Sha256", download.file().sha256());
    }
}
