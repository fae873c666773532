package dev.tally.api.export;

import dev.tally.api.error.FilterParameters;
import dev.tally.auth.Plan;
import dev.tally.auth.RequiresPlan;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.netty.buffer.ByteBuf;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Named;
import org.reactivestreams.Publisher;

import java.util.concurrent.ExecutorService;

/**
 * {@code GET /api/v1/events/export}: every event matching the events filters, streamed as one file in
 * CSV, TSV, NDJSON, Parquet or Arrow, with no row cap; with {@code after}, an incremental pull by
 * ingestion order (business plan and up, like the events list).
 */
@Tag(name = "events")
@SecurityRequirement(name = "bearer", scopes = Scope.ANALYTICS_READ_ROLE)
@ApiResponse(responseCode = "400", description = "Refused parameter or body, in Tally's own error shape", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"bad_request\",\"message\":\"compression applies to csv, tsv and ndjson; parquet compresses inside the file (zstd).\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-bad_request\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked key", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Unknown API key.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-unauthorized\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "429", description = "Rate limit exceeded (Retry-After says when to retry)", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit exceeded: 1000 requests per window for this API key; retry after 12 seconds.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-rate_limit_exceeded\"}}")))
@Controller("/api/v1/events/export")
@Secured(Scope.ANALYTICS_READ_ROLE)
@RequiresPlan(Plan.BUSINESS)
final class ExportController {
    static final String NEXT_CURSOR = "X-Tally-Next-Cursor";
    static final String UNTIL = "X-Tally-Until";

    private final Exports exports;
    private final ExecutorService io;

    ExportController(Exports exports, @Named(TaskExecutors.IO) ExecutorService io) {
        this.exports = exports;
        this.io = io;
    }

    @Get
    @Produces({"text/csv", "text/tab-separated-values", "application/x-ndjson", "application/vnd.apache.parquet",
            "application/vnd.apache.arrow.stream", "application/gzip", "application/zstd", MediaType.ALL})
    @Operation(summary = "Stream events as a file (business plan)", description = "ClickHouse writes the format; an incremental sync pages with after/until (X-Tally-Cursor).")
    @Parameter(in = ParameterIn.QUERY, name = "format", description = "File format (or by Accept) (one of csv, tsv, ndjson, parquet, arrow; default csv)", schema = @Schema(type = "string", allowableValues = {"csv", "tsv", "ndjson", "parquet", "arrow"}, defaultValue = "csv"))
    @Parameter(in = ParameterIn.QUERY, name = "compression", description = "Compression of text formats (one of none, gzip, zstd; default none)", schema = @Schema(type = "string", allowableValues = {"none", "gzip", "zstd"}, defaultValue = "none"))
    @Parameter(in = ParameterIn.QUERY, name = "after", description = "Incremental sync: the cursor of the previous pull", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "until", description = "Incremental sync: stop at this cursor", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "event", description = "Event kind (one of clicks, leads, sales; default clicks)", schema = @Schema(type = "string", allowableValues = {"clicks", "leads", "sales"}, defaultValue = "clicks"))
    @Parameter(in = ParameterIn.QUERY, name = "interval", description = "Preset range (ignored when start/end are given) (one of 1h, 24h, 7d, 30d, 90d, mtd, qtd, ytd, 1y, all, all_unfiltered; default 24h)", schema = @Schema(type = "string", allowableValues = {"1h", "24h", "7d", "30d", "90d", "mtd", "qtd", "ytd", "1y", "all", "all_unfiltered"}, defaultValue = "24h"))
    @Parameter(in = ParameterIn.QUERY, name = "start", description = "Start: ISO 8601 date or date-time", example = "2026-03-01", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "end", description = "End (exclusive): ISO 8601 date or date-time", example = "2026-03-15", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "timezone", description = "IANA time zone of buckets and dates (default: the workspace's)", example = "Europe/Berlin", schema = @Schema(type = "string"))
    // The body is an ExportBody; StreamedFile here only makes the document say "binary" as it did before (ADR 0160).
    @ApiResponse(responseCode = "200", description = "The file, streamed with chunked transfer encoding", content = {
            @Content(mediaType = "text/csv", schema = @Schema(implementation = StreamedFile.class)),
            @Content(mediaType = "text/tab-separated-values", schema = @Schema(implementation = StreamedFile.class)),
            @Content(mediaType = "application/x-ndjson", schema = @Schema(implementation = StreamedFile.class)),
            @Content(mediaType = "application/vnd.apache.parquet", schema = @Schema(implementation = StreamedFile.class)),
            @Content(mediaType = "application/vnd.apache.arrow.stream", schema = @Schema(implementation = StreamedFile.class)),
            @Content(mediaType = "application/gzip", schema = @Schema(implementation = StreamedFile.class)),
            @Content(mediaType = "application/zstd", schema = @Schema(implementation = StreamedFile.class))})
    @FilterParameters
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<Publisher<ByteBuf>> export(HttpRequest<?> request, @Parameter(hidden = true) Workspace workspace, @Parameter(hidden = true) Authentication key) {
        ExportRequest parsed = ExportRequest.parse(request.getParameters().asMap(), request.getHeaders().getAll(HttpHeaders.ACCEPT));
        Exports.Started started = exports.start(parsed, workspace, key.getName());
        var response = ExportBody.response(started.stream(), started.contentType(), started.fileName(), io)
                .header("X-Tally-Format", ExportRequest.publicName(parsed.format()));
        started.nextCursor().ifPresent(cursor -> response.header(NEXT_CURSOR, cursor));
        started.until().ifPresent(until -> response.header(UNTIL, until.toString()));
        return response;
    }
}
