package dev.tally.api.bi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Plain HTTP to the BI endpoint, the way curl or a BI tool's own client talks to ClickHouse. */
final class BiHttp {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** One answer: status, body and ClickHouse's error code header when there is one. */
    record Answer(int status, String body, Optional<String> exceptionCode, HttpResponse<String> response) {
        boolean refused() {
            return status >= 400 && exceptionCode.isPresent() && body.startsWith("Code: " + exceptionCode.get() + ". DB::Exception: ");
        }
    }

    private BiHttp() {
    }

    /** POSTs {@code sql} to {@code base} (e.g. {@code http://localhost:8123/}) with the key in X-ClickHouse-Key. */
    static Answer post(String base, String key, String sql, Map<String, String> parameters) {
        String query = parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + (query.isEmpty() ? "" : "?" + query)))
                .header("X-ClickHouse-User", "escape-test").header("X-ClickHouse-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("X-ClickHouse-Exception-Code"), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Answer get(String url) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("X-ClickHouse-Exception-Code"), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
