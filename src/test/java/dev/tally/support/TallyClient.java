package dev.tally.support;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A running Tally reached over real HTTP with the JDK's client, as an outside caller would: the admin API
 * (operator token) for workspaces and keys, then API-key requests. For tests that drive more than one Tally
 * at once (embedded and server mode side by side), where Micronaut's injected client names only one.
 */
public final class TallyClient implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private final URI base;
    private final String adminToken;
    private final HttpClient http = HttpClient.newHttpClient();

    public TallyClient(URI base, String adminToken) {
        this.base = base;
        this.adminToken = adminToken;
    }

    /** A status and body. */
    public record Answer(int status, String body, HttpResponse<String> response) {
        public Map<String, Object> json() {
            try {
                return JSON.readValue(body, Argument.mapOf(String.class, Object.class));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON object: " + body, e);
            }
        }

        public Object tree() {
            try {
                return JSON.readValue(body, Object.class);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public Answer ok() {
            if (status / 100 != 2) {
                throw new AssertionError("HTTP " + status + " from " + response.uri() + ": " + body);
            }
            return this;
        }
    }

    /** A new workspace through the admin API; returns the answer ({@code id}, {@code organization_id}, …). */
    public Map<String, Object> createWorkspace(String plan, String timeZone) {
        return send(json("/api/v1/workspaces", "{\"name\":\"e2e\",\"plan\":\"" + plan + "\",\"time_zone\":\"" + timeZone + "\"}")
                .header("Authorization", "Bearer " + adminToken)).ok().json();
    }

    /** A key with every scope for {@code workspaceId} through the admin API; returns its secret. */
    public String issueKey(String workspaceId) {
        return (String) send(json("/api/v1/workspaces/" + workspaceId + "/keys",
                "{\"name\":\"e2e\",\"scopes\":[\"analytics:read\",\"events:write\",\"links:write\"]}")
                .header("Authorization", "Bearer " + adminToken)).ok().json().get("key");
    }

    public Answer get(String pathAndQuery, String apiKey) {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET().header("Authorization", "Bearer " + apiKey));
    }

    public Answer post(String path, String contentType, String body, String apiKey) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .header("Authorization", "Bearer " + apiKey).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    private HttpRequest.Builder json(String path, String body) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
