package dev.tally.api.ingest;

import dev.tally.support.HttpAnswer;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;

/** {@code POST /api/v1/track/<type>} with the workspace's key, as the ingest tests send it. */
final class TrackRequests {
    private TrackRequests() {
    }

    static HttpAnswer track(HttpClient client, TestWorkspace ws, String type, String body, @Nullable String idempotencyKey) {
        var request = HttpRequest.POST("/api/v1/track/" + type, body).contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(ws.apiKey());
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return HttpAnswer.send(client, request);
    }
}
