package dev.tally.api.bi;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What either listener sends back: a status, headers and a body read as it comes. */
record ClickHouseAnswer(int status, Map<String, String> headers, InputStream body) {
    ClickHouseAnswer {
        headers = Map.copyOf(headers);
    }

    static ClickHouseAnswer text(int status, Map<String, String> headers, String text) {
        return new ClickHouseAnswer(status, headers, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    String contentType() {
        return headers.getOrDefault("Content-Type", "text/plain; charset=UTF-8");
    }
}
