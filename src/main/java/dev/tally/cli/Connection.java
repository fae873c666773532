package dev.tally.cli;

import picocli.CommandLine.Option;

import java.net.URI;

/**
 * Where Tally is and how to authenticate: {@code --url}, {@code --key}, {@code --admin-token}, each
 * defaulting to its environment variable ({@link EnvironmentDefaults}). Mixed into every command.
 */
final class Connection {
    @Option(names = "--url", paramLabel = "URL", description = "Tally's base URL (env TALLY_URL; default http://localhost:8080).")
    String url;

    @Option(names = "--key", paramLabel = "KEY", description = "A workspace API key, tly_live_… (env TALLY_API_KEY).")
    String key;

    @Option(names = "--admin-token", paramLabel = "TOKEN", description = "The operator's admin token (env TALLY_ADMIN_TOKEN).")
    String adminToken;

    URI base() {
        String text = url == null || url.isBlank() ? "http://localhost:8080" : url.strip();
        try {
            URI uri = URI.create(text.endsWith("/") ? text : text + "/");
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, "--url must be an http(s) URL such as http://localhost:8080, got '" + text + "'");
        }
    }

    String apiKey() {
        if (key == null || key.isBlank()) {
            throw new CliException(CliException.USAGE, "no API key: pass --key tly_live_… or set TALLY_API_KEY");
        }
        return key.strip();
    }

    String adminToken() {
        if (adminToken == null || adminToken.isBlank()) {
            throw new CliException(CliException.USAGE, "no admin token: pass --admin-token or set TALLY_ADMIN_TOKEN (the server's TALLY_ADMIN_TOKEN)");
        }
        return adminToken.strip();
    }
}
