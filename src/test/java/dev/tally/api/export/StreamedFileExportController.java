package dev.tally.api.export;

import dev.tally.auth.Plan;
import dev.tally.auth.RequiresPlan;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import io.micronaut.context.annotation.Requires;
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
 * Bench-only: the export answered the way it was before ADR 0160, as a {@link StreamedFile} (Micronaut reads
 * it in 8 KiB pieces), so ExportBench can put the two side by side in one run. Exists only with
 * {@code tally.bench.streamed-file-export=true}.
 */
@Controller("/bench/events/export-streamed-file")
@Requires(property = "tally.bench.streamed-file-export", value = "true")
@Secured(Scope.ANALYTICS_READ_ROLE)
@RequiresPlan(Plan.BUSINESS)
final class StreamedFileExportController {
    private final Exports exports;

    StreamedFileExportController(Exports exports) {
        this.exports = exports;
    }

    @Get
    @Produces(MediaType.ALL)
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<StreamedFile> export(HttpRequest<?> request, Workspace workspace, Authentication key) {
        ExportRequest parsed = ExportRequest.parse(request.getParameters().asMap(), request.getHeaders().getAll(HttpHeaders.ACCEPT));
        Exports.Started started = exports.start(parsed, workspace, key.getName());
        return HttpResponse.ok(new StreamedFile(started.stream(), MediaType.of(started.contentType())).attach(started.fileName()));
    }
}
