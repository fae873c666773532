package dev.tally.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Tally over HTTP for the CLI: builds authenticated requests and turns every failure into a
 * {@link CliException} that says what to fix (unreachable server, refused credential, the server's own
 * error message for a 4xx).
 */
final class TallyHttp implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Which credential a request carries, to say which option to fix when it is refused. */
    enum Credential {
        API_KEY("--key or TALLY_API_KEY"), ADMIN_TOKEN("--admin-token or TALLY_ADMIN_TOKEN");

        private final String where;

        Credential(String where) {
            this.where = where;
        }
    }

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TallyHttp(URI base) {
        this.base = base;
    }

    HttpRequest.Builder request(String pathAndQuery, Credential credential, String secret) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery.startsWith("/") ? pathAndQuery.substring(1) : pathAndQuery))
                .header("Authorization", "Bearer " + secret).header("User-Agent", "tally-cli")
                .timeout(Duration.ofMinutes(10));
    }

    /** Sends and reads the body as text; a non-2xx answer becomes a {@link CliException}. */
    HttpResponse<String> text(HttpRequest request, Credential credential) {
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw failure(response.statusCode(), response.body(), credential, request);
        }
        return response;
    }

    /** Sends and answers the body as a stream (the caller closes it); a non-2xx answer becomes a {@link CliException}. */
    HttpResponse<InputStream> stream(HttpRequest request, Credential credential) {
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw failure(response.statusCode(), body, credential, request);
        }
        return response;
    }

    JsonNode json(HttpRequest request, Credential credential) {
        return parse(text(request, credential).body());
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CliException(CliException.SERVER_FAILED, "the server answered something that is not JSON: " + abbreviate(body));
        }
    }

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (ConnectException | HttpConnectTimeoutException | UnresolvedAddressException e) {
            throw unreachable(e);
        } catch (HttpTimeoutException e) {
            throw new CliException(CliException.SERVER_FAILED, "Tally at " + base + " did not answer " + request.method() + " "
                    + request.uri().getPath() + " in time; try again, or look at the server's log");
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException || e.getCause() instanceof UnresolvedAddressException) {
                throw unreachable(e);
            }
            throw new CliException(CliException.UNREACHABLE, "the connection to Tally at " + base + " broke (" + e.getMessage()
                    + "); try again, or look at the server's log");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.SERVER_FAILED, "interrupted");
        }
    }

    private CliException unreachable(Exception e) {
        return new CliException(CliException.UNREACHABLE, "cannot reach Tally at " + base + " (" + describe(e)
                + "): is it running? Check --url or TALLY_URL");
    }

    private static String describe(Exception e) {
        if (e instanceof UnresolvedAddressException || e.getCause() instanceof UnresolvedAddressException) {
            return "unknown host";
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? "connection refused" : e.getMessage();
    }

    static CliException failure(int status, String body, Credential credential, HttpRequest request) {
        String message = serverMessage(body);
        String route = request.method() + " " + request.uri().getPath();
        return switch (status) {
            case 401 -> new CliException(CliException.NOT_AUTHORIZED, "Tally refused the credential (401: " + message + "): check " + credential.where);
            case 403 -> new CliException(CliException.NOT_AUTHORIZED, "not allowed (403: " + message + "): use "
                    + (credential == Credential.API_KEY ? "a key with the scope and a workspace on the plan this needs" : "the admin token"));
            default -> status >= 500
                    ? new CliException(CliException.SERVER_FAILED, "the server failed on " + route + " (" + status + ": " + message + "); look at its log")
                    : new CliException(CliException.REFUSED, route + " was refused (" + status + ": " + message + ")");
        };
    }

    /** The {@code error.message} of Tally's error formats, else the body itself (shortened). */
    static String serverMessage(String body) {
        try {
            JsonNode tree = JSON.readTree(body);
            JsonNode message = tree.path("error").path("message");
            if (message.isTextual()) {
                return message.asText();
            }
            if (tree.path("message").isTextual()) {
                return tree.path("message").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: show the text
        }
        return body.isBlank() ? "no message" : abbreviate(body);
    }

    private static String abbreviate(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    @Override
    public void close() {
        client.close();
    }
}
