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

/** {@code POST /api/v1/track/click|view|lead|sale}: one JSON event, answered once it is committed. */
@Controller("/api/v1/track")
@Secured(Scope.EVENTS_WRITE_ROLE)
final class TrackController {
    private final IngestService ingest;

    TrackController(IngestService ingest) {
        this.ingest = ingest;
    }

    @Post("/{type}")
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<TrackResponse> track(Workspace workspace, @PathVariable String type, HttpRequest<byte[]> request,
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
