package dev.tally.api.ingest;

import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.query.EventType;
import dev.tally.ingest.IngestOutcome;
import dev.tally.ingest.IngestService;
import dev.tally.ingest.InvalidEventException;
import dev.tally.ingest.RejectionCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
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

/** {@code POST /api/v1/track/click|view|lead|sale}: one JSON event, answered once it is durable in the track journal (ADR 0170). */
@Tag(name = "ingest")
@SecurityRequirement(name = "bearer", scopes = Scope.EVENTS_WRITE_ROLE)
@ApiResponse(responseCode = "400", description = "Refused parameter or body, in Tally's own error shape", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"bad_request\",\"message\":\"amount must not be negative\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-bad_request\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked key", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Unknown API key.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-unauthorized\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "429", description = "Rate limit exceeded (Retry-After says when to retry)", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit exceeded: 1000 requests per window for this API key; retry after 12 seconds.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-rate_limit_exceeded\"}}")))
@Controller("/api/v1/track")
@Secured(Scope.EVENTS_WRITE_ROLE)
final class TrackController {
    private final IngestService ingest;

    TrackController(IngestService ingest) {
        this.ingest = ingest;
    }

    @Operation(summary = "Track one event", description = "type: click, lead, sale or view; the body is one JSON event.")
    @Post("/{type}")
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<TrackResponse> track(@Parameter(hidden = true) Workspace workspace, @Parameter(schema = @Schema(type = "string", allowableValues = {"click", "lead", "sale", "view"})) @PathVariable String type, HttpRequest<byte[]> request,
                                      @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        EventType eventType = EventType.fromPublicName(type).orElseThrow(() -> new InvalidEventException(
                RejectionCode.UNKNOWN_EVENT_TYPE, "unknown event type '" + type + "': use click, view, lead or sale"));
        IngestOutcome outcome = ingest.track(workspace, eventType, request.getBody().orElse(new byte[0]), idempotencyKey);
        boolean duplicate = outcome.result().duplicates() > 0;
        MutableHttpResponse<TrackResponse> response = HttpResponse.ok(
                new TrackResponse(outcome.result().eventIds().getFirst(), eventType.publicName(), duplicate));
        return outcome.replayed() ? response.header("Idempotent-Replayed", "true") : response;
    }
}
