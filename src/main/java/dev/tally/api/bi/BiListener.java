package dev.tally.api.bi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The BI endpoint on a port of its own ({@code TALLY_BI_PORT}), where BI tools expect ClickHouse: {@code /}
 * and {@code /ping}, as on a ClickHouse server. The JDK's own HTTP server, because the main port's routes
 * ({@code GET /{key}} is the short-link redirect) must not answer here; it hands every request to the same
 * {@link ClickHouseEndpoint} as the {@code /clickhouse} route.
 */
@Context
@Requires(property = BiConfiguration.PREFIX + ".port")
final class BiListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BiListener.class);

    private final HttpServer server;
    private final ExecutorService threads;

    BiListener(ClickHouseEndpoint endpoint, BiConfiguration configuration) {
        try {
            this.server = HttpServer.create(new InetSocketAddress(configuration.host(), configuration.port()), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("tally: cannot start: the BI port " + configuration.port()
                    + " cannot be opened (" + e.getMessage() + "): free it, or set TALLY_BI_PORT to another port", e);
        }
        AtomicInteger count = new AtomicInteger();
        // Each request holds one thread while its result streams: bounded like the statements themselves.
        this.threads = Executors.newFixedThreadPool(configuration.maxConcurrentQueries() * 2,
                runnable -> Thread.ofPlatform().daemon().name("tally-bi-http-" + count.incrementAndGet()).unstarted(runnable));
        server.setExecutor(threads);
        server.createContext("/", exchange -> serve(endpoint, exchange));
        server.start();
        LOG.info("BI endpoint (ClickHouse HTTP interface) listening on port {}", port());
    }

    /** The port it listens on (the configured one, or the one the system chose for port 0). */
    int port() {
        return server.getAddress().getPort();
    }

    private static void serve(ClickHouseEndpoint endpoint, HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            ClickHouseAnswer answer = endpoint.handle(new ClickHouseRequest(path.endsWith("/ping"),
                    parameters(exchange.getRequestURI().getRawQuery()), exchange.getRequestHeaders()::getFirst, body));
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), 0);
            try (InputStream in = answer.body(); OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("BI response ended early: {}", e.getMessage());
        }
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    @Override
    @PreDestroy
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
