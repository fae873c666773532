package dev.tally.support;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP exchange's answer, whatever its status (the blocking client throws on 4xx/5xx): status, headers
 * and the raw body, with the body parsed as a JSON object on demand.
 */
public record HttpAnswer(int status, HttpResponse<?> response, String body) {
    private static final JsonMapper JSON = JsonMapper.createDefault();

    public static HttpAnswer send(HttpClient client, HttpRequest<?> request) {
        try {
            HttpResponse<String> response = client.toBlocking().exchange(request, String.class);
            return new HttpAnswer(response.code(), response, response.getBody().orElse(""));
        } catch (HttpClientResponseException e) {
            return new HttpAnswer(e.getStatus().getCode(), e.getResponse(), e.getResponse().getBody(String.class).orElse(""));
        }
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(response.getHeaders().get(name));
    }

    public Map<String, Object> json() {
        try {
            return JSON.readValue(body, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object: " + body, e);
        }
    }

    /** The native format's {@code error} object ({@code code}, {@code message}, {@code doc_url}). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> error() {
        return (Map<String, Object>) json().get("error");
    }
}
