package dev.tally.api.ingest;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.ErrorFormats;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.io.InputStream;

/**
 * {@code POST /api/v1/events/batch}: NDJSON, one event a line, read as it streams in. 200 with the counts
 * when at least one line was stored or found already stored; 422 with every rejected line otherwise.
 */
@Controller("/api/v1/events/batch")
@Secured(Scope.EVENTS_WRITE_ROLE)
final class BatchController {
    static final String NDJSON = "application/x-ndjson";

    private final IngestService ingest;
    private final ErrorFormats formats;

    BatchController(IngestService ingest, ErrorFormats formats) {
        this.ingest = ingest;
        this.formats = formats;
    }

    @Post
    @Consumes({NDJSON, "application/jsonl", "application/ndjson"})
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<?> batch(HttpRequest<?> request, Workspace workspace, @Body InputStream body,
                          @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        IngestOutcome outcome = ingest.batch(workspace, body, idempotencyKey);
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
