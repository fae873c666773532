package dev.tally.api.export;

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

/**
 * Bulk export jobs: {@code POST /api/v1/exports} (the export's parameters, plus {@code partition=day|hour} and
 * {@code max_file_bytes}, in the query string) answers 202 with the job; {@code GET /api/v1/exports/{id}}
 * reports progress and the manifest; {@code GET /api/v1/exports/{id}/files/{name}} downloads a finished file;
 * {@code DELETE /api/v1/exports/{id}} stops the job if it runs and removes it with its files (204).
 */
@Controller("/api/v1/exports")
@Secured(Scope.ANALYTICS_READ_ROLE)
@RequiresPlan(Plan.BUSINESS)
final class ExportJobController {
    private final ExportJobs jobs;

    ExportJobController(ExportJobs jobs) {
        this.jobs = jobs;
    }

    @Post
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<ExportJobView> create(HttpRequest<?> request, Workspace workspace) {
        ExportJobView job = jobs.create(request.getParameters().asMap(), workspace);
        return HttpResponse.<ExportJobView>status(HttpStatus.ACCEPTED).body(job).header("Location", "/api/v1/exports/" + job.id());
    }

    @Get("/{id}")
    @ExecuteOn(TaskExecutors.IO)
    ExportJobView status(@PathVariable String id, Workspace workspace) {
        return jobs.status(id, workspace);
    }

    @Delete("/{id}")
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<Void> delete(@PathVariable String id, Workspace workspace) {
        jobs.delete(id, workspace);
        return HttpResponse.noContent();
    }

    @Get("/{id}/files/{name}")
    @Produces({"text/csv", "text/tab-separated-values", "application/x-ndjson", "application/vnd.apache.parquet",
            "application/vnd.apache.arrow.stream", "application/gzip", "application/zstd", MediaType.ALL})
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<StreamedFile> file(@PathVariable String id, @PathVariable String name, Workspace workspace) {
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
