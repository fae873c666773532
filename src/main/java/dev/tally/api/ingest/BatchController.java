package dev.tally.api.ingest;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.ErrorFormats;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.ingest.BatchTooLargeException;
import dev.tally.ingest.IngestConfiguration;
import dev.tally.ingest.IngestOutcome;
import dev.tally.ingest.IngestService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.scheduling.TaskExecutors;
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

/**
 * {@code POST /api/v1/events/batch}: NDJSON, one event a line, read as it streams in. 200 with the counts
 * when at least one line was stored or found already stored; 422 with every rejected line otherwise.
 */
@Tag(name = "ingest")
@SecurityRequirement(name = "bearer", scopes = Scope.EVENTS_WRITE_ROLE)
@ApiResponse(responseCode = "400", description = "Refused parameter or body, in Tally's own error shape", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"bad_request\",\"message\":\"the body is not NDJSON: one JSON object per line.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-bad_request\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked key", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Unknown API key.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-unauthorized\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "429", description = "Rate limit exceeded (Retry-After says when to retry)", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit exceeded: 1000 requests per window for this API key; retry after 12 seconds.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-rate_limit_exceeded\"}}")))
@Controller("/api/v1/events/batch")
@Secured(Scope.EVENTS_WRITE_ROLE)
final class BatchController {
    static final String NDJSON = "application/x-ndjson";

    private final IngestService ingest;
    private final ErrorFormats formats;
    private final IngestConfiguration configuration;
    private final UploadConfiguration uploads;
    private final UploadSlots slots;

    BatchController(IngestService ingest, ErrorFormats formats, IngestConfiguration configuration, UploadConfiguration uploads,
                    UploadSlots slots) {
        this.ingest = ingest;
        this.formats = formats;
        this.configuration = configuration;
        this.uploads = uploads;
        this.slots = slots;
    }

    @Post
    @Consumes({NDJSON, "application/jsonl", "application/ndjson"})
    // Uploads read their body on virtual threads (Micronaut's blocking executor), not on the IO threads every
    // other route and /health use, so slow bodies cannot stall them (issue 11, defect 2). Engine calls made
    // from a virtual thread are handed to the engine's own platform threads (EmbeddedClickHouse).
    @Operation(summary = "Ingest an NDJSON batch", description = "One event per line; each line is accepted or rejected on its own (rejected lines listed by number). Idempotency-Key makes a retry answer the same.")
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<?> batch(HttpRequest<?> request, @Parameter(hidden = true) Workspace workspace, @Parameter(hidden = true) Authentication authentication, @Body InputStream body,
                          @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        // A declared length over the limit is refused before a byte is read (the server's own cap on streamed
        // bodies is far larger since bulk imports, ADR 0110); an undeclared one is counted as it streams.
        if (request.getContentLength() > configuration.maxBatchBytes()) {
            throw new BatchTooLargeException("a batch may be at most " + configuration.maxBatchBytes() + " bytes");
        }
        String keyId = authentication.getName();
        if (!slots.acquire(keyId)) {
            throw slots.refusal("batch uploads");
        }
        try {
            return answer(request, ingest.batch(workspace, new BatchBody(body, configuration.maxBatchBytes(), uploads), idempotencyKey));
        } finally {
            slots.release(keyId);
        }
    }

    private HttpResponse<?> answer(HttpRequest<?> request, IngestOutcome outcome) {
        HttpResponse<?> response;
        if (outcome.result().accepted() == 0 && outcome.result().duplicates() == 0) {
            String message = outcome.result().rejectedCount() == 0 ? "the batch holds no events"
                    : "none of the " + outcome.result().rejectedCount() + " lines was accepted";
            response = formats.respond(request, ApiError.specific(ErrorCode.UNPROCESSABLE, "no_valid_events", message)
                    .withRejected(outcome.result().rejected()));
        } else {
            response = HttpResponse.ok(BatchResponse.of(outcome.result()));
        }
        return outcome.replayed() ? response.toMutableResponse().header("Idempotent-Replayed", "true") : response;
    }
}
