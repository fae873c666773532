package dev.tally.api.ingest;

import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.ingest.BatchTooLargeException;
import dev.tally.ingest.ImportConfiguration;
import dev.tally.ingest.ImportFormat;
import dev.tally.ingest.ImportService;
import dev.tally.ingest.ImportState;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.SystemFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.InputStream;
import java.util.Locale;

/**
 * Bulk import (ADR 0110): {@code POST /api/v1/events/import} spools an NDJSON or CSV file (gzip or zstd
 * compressed, or not) and answers 202 with the import; {@code GET …/{id}} shows its progress and
 * {@code GET …/{id}/errors} its per-line error report (NDJSON).
 */
@Tag(name = "ingest")
@SecurityRequirement(name = "bearer", scopes = Scope.EVENTS_WRITE_ROLE)
@ApiResponse(responseCode = "400", description = "Refused parameter or body, in Tally's own error shape", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"bad_request\",\"message\":\"the body is not NDJSON: one JSON object per line.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-bad_request\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked key", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Unknown API key.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-unauthorized\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "429", description = "Rate limit exceeded (Retry-After says when to retry)", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit exceeded: 1000 requests per window for this API key; retry after 12 seconds.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-rate_limit_exceeded\"}}")))
@Controller("/api/v1/events/import")
@Secured(Scope.EVENTS_WRITE_ROLE)
final class ImportController {
    private final ImportService imports;
    private final UploadConfiguration uploads;
    private final UploadSlots slots;
    private final ImportConfiguration importConfiguration;

    ImportController(ImportService imports, UploadConfiguration uploads, UploadSlots slots, ImportConfiguration importConfiguration) {
        this.imports = imports;
        this.importConfiguration = importConfiguration;
        this.uploads = uploads;
        this.slots = slots;
    }

    @Operation(summary = "Start a bulk import of an NDJSON or CSV file (gzip or zstd, or not)",
            description = "Answers 202 once the whole file is saved; the import runs in the background. The Idempotency-Key header (or token) names the file: repeating it returns the same import, or resumes a failed one.")
    @Post
    @Consumes({BatchController.NDJSON, "application/jsonl", "application/ndjson", "text/csv", "application/gzip",
            "application/zstd", MediaType.APPLICATION_OCTET_STREAM})
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<ImportResponse> start(HttpRequest<?> request, @Parameter(hidden = true) Workspace workspace, @Parameter(hidden = true) Authentication authentication,
                                       @Body InputStream body, @Nullable @Header("Idempotency-Key") String idempotencyKey,
                                       @Nullable @QueryValue String token, @Nullable @QueryValue String format) {
        if (request.getContentLength() > importConfiguration.maxBytes()) {
            throw new BatchTooLargeException("an import may be at most " + importConfiguration.maxBytes() + " bytes");
        }
        ImportFormat importFormat = format(format, request.getContentType().orElse(null));
        String importToken = token(idempotencyKey, token);
        String keyId = authentication.getName();
        if (!slots.acquire(keyId)) {
            throw slots.refusal("uploads");
        }
        try {
            ImportState state = imports.start(workspace, importToken, importFormat, new BatchBody(body, Long.MAX_VALUE, uploads));
            return HttpResponse.<ImportResponse>status(HttpStatus.ACCEPTED).body(ImportResponse.of(state));
        } finally {
            slots.release(keyId);
        }
    }

    @Operation(summary = "A bulk import's progress: rows done and rejected, bytes read, rate")
    @Get("/{id}")
    ImportStatusResponse status(@Parameter(hidden = true) Workspace workspace, @PathVariable String id) {
        return ImportStatusResponse.of(found(workspace, id), System.currentTimeMillis());
    }

    @Operation(summary = "A bulk import's per-line error report (NDJSON: line, code, message)")
    @Get(value = "/{id}/errors", produces = BatchController.NDJSON)
    SystemFile errors(@Parameter(hidden = true) Workspace workspace, @PathVariable String id) {
        java.io.File report = imports.errorReport(found(workspace, id)).toFile();
        if (!report.exists()) {
            try {
                java.nio.file.Files.createFile(report.toPath());
            } catch (java.io.IOException e) {
                // created by the import meanwhile
            }
        }
        return new SystemFile(report, MediaType.of(BatchController.NDJSON));
    }

    private ImportState found(Workspace workspace, String id) {
        return imports.find(workspace, id).orElseThrow(() -> new UploadRefusedException(HttpStatus.NOT_FOUND, "import_not_found",
                "no import '" + (id.length() <= 64 ? id : id.substring(0, 61) + "...") + "' in this workspace"));
    }

    /** {@code ?format=} wins; else the Content-Type names it (CSV or NDJSON); a compressed body needs {@code ?format=} unless NDJSON. */
    private static ImportFormat format(@Nullable String format, @Nullable MediaType contentType) {
        if (format != null) {
            return ImportFormat.fromPublicName(format.toLowerCase(Locale.ROOT)).orElseThrow(() -> new UploadRefusedException(
                    HttpStatus.BAD_REQUEST, "invalid_format", "format must be ndjson or csv"));
        }
        if (contentType != null && contentType.getName().equalsIgnoreCase("text/csv")) {
            return ImportFormat.CSV;
        }
        return ImportFormat.NDJSON;
    }

    private static String token(@Nullable String header, @Nullable String query) {
        String token = header != null ? header : query;
        if (token == null) {
            return ImportService.randomToken();
        }
        if (!token.matches("[\\x21-\\x7E]{1,255}")) {
            throw new UploadRefusedException(HttpStatus.BAD_REQUEST, "invalid_token",
                    "the import token (Idempotency-Key or ?token=) must be 1 to 255 printable ASCII characters without spaces");
        }
        return token;
    }
}
