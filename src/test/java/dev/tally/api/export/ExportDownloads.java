package dev.tally.api.export;

import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** Exports over real HTTP with the JDK's client, bodies streamed to files (never held in memory). */
final class ExportDownloads {
    private final HttpClient http = HttpClient.newHttpClient();
    private final EmbeddedServer server;

    ExportDownloads(EmbeddedServer server) {
        this.server = server;
    }

    HttpResponse<Path> toFile(String query, String apiKey, Path file, String... headers) {
        try {
            return http.send(request(query, apiKey, headers), HttpResponse.BodyHandlers.ofFile(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> asText(String query, String apiKey, String... headers) {
        try {
            return http.send(request(query, apiKey, headers), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<InputStream> open(String query, String apiKey, String... headers) {
        try {
            return http.send(request(query, apiKey, headers), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest request(String query, String apiKey, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server.getURL() + "/api/v1/events/export?" + query))
                .header("Authorization", "Bearer " + apiKey);
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder.GET().build();
    }

    static Path tempFile(String suffix) {
        try {
            Path file = Files.createTempFile("tally-export-", suffix);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
