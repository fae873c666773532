package dev.tally.api.export;

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

/**
 * {@code GET /api/v1/events/export}: every event matching the events filters, streamed as one file in
 * CSV, TSV, NDJSON, Parquet or Arrow, with no row cap; with {@code after}, an incremental pull by
 * ingestion order (business plan and up, like the events list).
 */
@Controller("/api/v1/events/export")
@Secured(Scope.ANALYTICS_READ_ROLE)
@RequiresPlan(Plan.BUSINESS)
final class ExportController {
    static final String NEXT_CURSOR = "X-Tally-Next-Cursor";
    static final String UNTIL = "X-Tally-Until";

    private final Exports exports;

    ExportController(Exports exports) {
        this.exports = exports;
    }

    @Get
    @Produces({"text/csv", "text/tab-separated-values", "application/x-ndjson", "application/vnd.apache.parquet",
            "application/vnd.apache.arrow.stream", "application/gzip", "application/zstd", MediaType.ALL})
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<StreamedFile> export(HttpRequest<?> request, Workspace workspace, Authentication key) {
        ExportRequest parsed = ExportRequest.parse(request.getParameters().asMap(), request.getHeaders().getAll(HttpHeaders.ACCEPT));
        Exports.Started started = exports.start(parsed, workspace, key.getName());
        StreamedFile file = new StreamedFile(started.stream(), MediaType.of(started.contentType())).attach(started.fileName());
        var response = HttpResponse.ok(file).header("X-Tally-Format", ExportRequest.publicName(parsed.format()));
        started.nextCursor().ifPresent(cursor -> response.header(NEXT_CURSOR, cursor));
        started.until().ifPresent(until -> response.header(UNTIL, until.toString()));
        return response;
    }
}
