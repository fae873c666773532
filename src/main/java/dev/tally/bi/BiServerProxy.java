package dev.tally.bi;

import dev.tally.sql.BiServerSql;
import dev.tally.store.ClickHouse;
import dev.tally.store.ServerClickHouse;
import dev.tally.store.StoreConfiguration;
import dev.tally.store.StoreException;
import jakarta.inject.Singleton;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * BI statements on a ClickHouse server: the workspace's user made or found ({@link BiServerAccess}), the
 * {@link StatementGuard} on the server as that user (so even its {@code EXPLAIN}s run read-only, bounded and
 * confined to the workspace's grants), then the statement proxied over HTTP as that user and its answer
 * handed back as the server sent it: status, format, LZ4 framing, {@code X-ClickHouse-*} headers and
 * exceptions. The server enforces what the guard does again, by grants, the settings profile and the quota.
 */
@Singleton
public final class BiServerProxy {
    /** Query ids Tally gives proxied statements on the server, so it can cancel them and only them. */
    private static final String QUERY_ID_PREFIX = "tally-bi-";
    private static final int AUTHENTICATION_FAILED = 516;
    private static final List<String> PASSED_HEADERS = List.of("Content-Type", "Content-Encoding", "X-ClickHouse-Format",
            "X-ClickHouse-Timezone", "X-ClickHouse-Summary", "X-ClickHouse-Exception-Code", "X-ClickHouse-Server-Display-Name");

    private final ClickHouse clickHouse;
    private final BiViews views;
    private final BiServerAccess access;
    private final URI endpoint;
    private final String tallyDatabase;
    private final StatementGuard guard = new StatementGuard(FunctionCatalog.bundled());
    private final RunningQueries running = new RunningQueries();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    BiServerProxy(ClickHouse clickHouse, BiViews views, BiServerAccess access, StoreConfiguration store) {
        this.clickHouse = clickHouse;
        this.views = views;
        this.access = access;
        this.endpoint = store.url() == null ? null : ServerClickHouse.httpEndpoint(store);
        this.tallyDatabase = store.database();
    }

    /** Whether BI statements go to a ClickHouse server (Tally runs in server mode). */
    public boolean available() {
        return endpoint != null && "server".equals(clickHouse.engine());
    }

    /**
     * Runs {@code statement} on the server as its workspace's user. Throws {@link BiRefusal} when the guard
     * refuses it and {@link StoreException} when the server refuses an {@code EXPLAIN}; otherwise returns the
     * server's answer, an error included, whose body ends the statement's slot when closed. {@code nativeRevision}
     * is the client's {@code client_protocol_version} (0: none), which the server frames Native for itself.
     */
    public BiServerAnswer run(BiStatement statement, boolean compress, BiLimits limits, long nativeRevision, Runnable onClose) {
        String workspaceId = statement.workspace().id();
        String database = views.ensure(workspaceId);
        access.ensure(workspaceId, database, limits);
        String user = BiServerAccess.userOf(workspaceId);
        String password = access.password(workspaceId);

        Map<String, String> settings = settings(statement);
        TableAccess tables = new TableAccess(database, BiViews.VIEWS, tallyDatabase);
        // Registered before the guard, so that a driver's cancel() during the guard's EXPLAINs is not lost.
        String serverQueryId = QUERY_ID_PREFIX + UUID.randomUUID();
        if (!running.start(statement.keyId(), statement.queryId(), serverQueryId)) {
            throw new BiRefusal(BiError.BAD_ARGUMENTS, "query with id = " + statement.queryId() + " is already running");
        }
        HttpResponse<InputStream> response;
        try {
            try {
                guard.checkOnServer(text -> explain(text, statement, settings, database, user, password), statement.text(), tables);
            } catch (StoreException e) {
                if (e.code() != AUTHENTICATION_FAILED) {
                    throw e;
                }
                // The server no longer knows the user this process made (another instance dropped it when the workspace's
                // last bi:read key was revoked, and a key was issued since): make it again, once.
                access.forget(workspaceId);
                access.ensure(workspaceId, database, limits);
                guard.checkOnServer(text -> explain(text, statement, settings, database, user, password), statement.text(), tables);
            }

            if (running.cancelled(statement.keyId(), statement.queryId())) {
                throw new BiRefusal(BiError.QUERY_WAS_CANCELLED, "Query was cancelled");
            }
            Map<String, String> parameters = new LinkedHashMap<>(settings);
            parameters.put("database", database);
            parameters.put("default_format", statement.format().clickHouseName());
            parameters.put("query_id", serverQueryId);
            if (compress) {
                parameters.put("compress", "1");
            }
            if (nativeRevision > 0 && statement.format() == BiFormat.NATIVE) {
                // A protocol parameter, not a setting: ClickHouse's HTTP handler writes Native at this revision. Never above
                // the revision Tally's server hello claims (NativeRevision.HIGHEST), which the client decodes at.
                parameters.put("client_protocol_version", Long.toString(Math.min(nativeRevision, NativeRevision.HIGHEST)));
            }
            statement.parameters().forEach((name, value) -> parameters.put("param_" + name, value));
            response = send(statement.text(), parameters, user, password, Duration.ofSeconds(limits.maxExecutionTimeSeconds() + 30L));
        } catch (RuntimeException e) {
            running.finish(statement.keyId(), statement.queryId());
            throw e;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : PASSED_HEADERS) {
            response.headers().firstValue(name).ifPresent(value -> headers.put(name, value));
        }
        headers.put("X-ClickHouse-Query-Id", statement.queryId());
        AtomicBoolean closed = new AtomicBoolean();
        InputStream body = new FilterInputStream(response.body()) {
            @Override
            public void close() throws IOException {
                if (closed.compareAndSet(false, true)) {
                    try {
                        super.close();
                    } finally {
                        running.finish(statement.keyId(), statement.queryId());
                        onClose.run();
                    }
                }
            }
        };
        return new BiServerAnswer(response.statusCode(), headers, body);
    }

    /** A driver's {@code cancel()}: kills the key's own proxied statement with that query id, if it runs. */
    public boolean cancel(String keyId, String queryId) {
        return running.cancel(keyId, queryId).map(serverQueryId -> {
            clickHouse.execute(BiServerSql.killById(serverQueryId));
            running.repeatWhileRunning(keyId, serverQueryId, () -> clickHouse.execute(BiServerSql.killById(serverQueryId)));
            return true;
        }).orElse(false);
    }

    /** Proxied statements the key runs now. */
    public int running(String keyId) {
        return running.running(keyId);
    }

    /** Kills every proxied statement still running (at shutdown). */
    public void cancelAll() {
        clickHouse.execute(BiServerSql.killAll(QUERY_ID_PREFIX));
    }

    private String explain(String text, BiStatement statement, Map<String, String> settings, String database, String user, String password) {
        Map<String, String> parameters = new LinkedHashMap<>(settings);
        parameters.put("database", database);
        parameters.put("default_format", "TSVRaw");
        statement.parameters().forEach((name, value) -> parameters.put("param_" + name, value));
        HttpResponse<InputStream> response = send(text, parameters, user, password, Duration.ofSeconds(60));
        try (InputStream in = response.body()) {
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (response.statusCode() != 200) {
                // The server's own error (a syntax error, an unknown column, a missing grant) reaches the client as it is.
                int code = response.headers().firstValue("x-clickhouse-exception-code").map(Integer::parseInt).orElse(1001);
                throw new StoreException(code, answer.strip());
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The checked, bounded settings of the statement as URL parameters (the server's profile bounds them again). */
    private static Map<String, String> settings(BiStatement statement) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String argument : statement.settings().arguments()) {
            int equals = argument.indexOf('=');
            settings.put(argument.substring(2, equals), argument.substring(equals + 1));
        }
        return settings;
    }

    private HttpResponse<InputStream> send(String body, Map<String, String> parameters, String user, String password, Duration timeout) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> query.append(query.isEmpty() ? "?" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/" + query))
                .timeout(timeout)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new StoreException(210, "Code: 210. DB::Exception: the ClickHouse server did not answer: " + e.getMessage() + ". (NETWORK_ERROR)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(394, "Code: 394. DB::Exception: interrupted. (QUERY_WAS_CANCELLED)");
        }
    }

    /** The server's answer to a proxied statement. */
    public record BiServerAnswer(int status, Map<String, String> headers, InputStream body) {
    }
}
