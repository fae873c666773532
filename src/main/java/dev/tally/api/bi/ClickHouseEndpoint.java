package dev.tally.api.bi;

import com.clickhouse.client.api.internal.ClickHouseLZ4InputStream;
import com.clickhouse.client.api.internal.ClickHouseLZ4OutputStream;
import dev.tally.auth.Credential;
import dev.tally.bi.BiEngine;
import dev.tally.bi.BiError;
import dev.tally.bi.BiFormat;
import dev.tally.bi.BiRefusal;
import dev.tally.bi.BiServerProxy;
import dev.tally.bi.BiSettings;
import dev.tally.bi.BiStatement;
import dev.tally.bi.BiViews;
import dev.tally.bi.MetadataStatement;
import dev.tally.bi.NativeRevision;
import dev.tally.sql.BiSql;
import dev.tally.store.ClickHouse;
import dev.tally.store.PendingWrites;
import dev.tally.store.StoreException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import net.jpountz.lz4.LZ4Factory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of ClickHouse's HTTP interface that the official JDBC driver and BI tools use, shared by the
 * {@code /clickhouse} route on the main port and the BI listener: credentials, limits, settings, format
 * and parameters from the request, then {@link BiEngine} on a platform thread, streaming through a
 * {@link ResultPipe}. Errors follow ClickHouse's contract: {@code X-ClickHouse-Exception-Code} and a body
 * {@code Code: N. DB::Exception: …}.
 */
@Singleton
final class ClickHouseEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseEndpoint.class);
    private static final Pattern TRAILING_FORMAT = Pattern.compile("(?is)^(.*\\S)\\s+FORMAT\\s+([A-Za-z]+)\\s*;?\\s*$");
    private static final Pattern TRAILING_SEMICOLON = Pattern.compile("(?s)^(.*?)\\s*;\\s*$");
    private static final Pattern KILL_QUERY = Pattern.compile(
            "(?is)^\\s*KILL\\s+QUERY\\s+WHERE\\s+query_id\\s*=\\s*'([^'\\\\]{1,128})'\\s*(?:SYNC|ASYNC)?\\s*;?\\s*$");
    private static final String DEFAULT_FORMAT = "TabSeparated";
    private static final String SUMMARY = "{\"read_rows\":\"0\",\"read_bytes\":\"0\",\"written_rows\":\"0\",\"written_bytes\":\"0\","
            + "\"total_rows_to_read\":\"0\",\"result_rows\":\"0\",\"result_bytes\":\"0\",\"elapsed_ns\":\"0\"}";

    private final BiEngine engine;
    private final BiServerProxy server;
    private final BiCredentials credentials;
    private final KeyAllowance allowance;
    private final BiConfiguration configuration;
    private final String version;
    private final ExecutorService statements;
    private final PendingWrites pendingWrites;

    ClickHouseEndpoint(BiEngine engine, BiServerProxy server, BiCredentials credentials, KeyAllowance allowance,
                       BiConfiguration configuration, ClickHouse clickHouse, PendingWrites pendingWrites) {
        this.pendingWrites = pendingWrites;
        this.engine = engine;
        this.server = server;
        this.credentials = credentials;
        this.allowance = allowance;
        this.configuration = configuration;
        this.version = clickHouse.version();
        AtomicInteger count = new AtomicInteger();
        this.statements = Executors.newFixedThreadPool(configuration.maxConcurrentQueries(),
                runnable -> Thread.ofPlatform().daemon().name("tally-bi-" + count.incrementAndGet()).unstarted(runnable));
    }

    ClickHouseAnswer handle(ClickHouseRequest request) {
        String queryId = request.parameters().getOrDefault("query_id", UUID.randomUUID().toString());
        boolean compress = "1".equals(request.parameters().get("compress"));
        try {
            return answer(request, queryId, compress);
        } catch (BiRefusal | StoreException e) {
            return error(e, queryId);
        } catch (RuntimeException e) {
            LOG.error("BI request failed", e);
            return error(e, queryId);
        }
    }

    private ClickHouseAnswer answer(ClickHouseRequest request, String queryId, boolean compress) {
        String text = sqlText(request);
        if (request.ping() || text.isBlank() && request.parameters().get("query") == null) {
            return ClickHouseAnswer.text(200, Map.of("Content-Type", "text/html; charset=UTF-8"), "Ok.\n");
        }
        Credential.Valid credential = credentials.authenticate(request);
        String keyId = credential.key().id();
        allowance.request(keyId);
        if (!engine.available() && !server.available()) {
            throw new BiRefusal(BiError.NOT_IMPLEMENTED, "the BI endpoint needs the embedded engine or a ClickHouse server");
        }
        String ownDatabase = BiViews.databaseOf(credential.workspace().id());
        requireOwnDatabase(request, ownDatabase);
        // Events /track acknowledged before this statement arrived are inserted before it runs (ADR 0170).
        pendingWrites.awaitVisible(credential.workspace().id());

        String formatName = requestedFormat(request);
        Matcher trailingFormat = TRAILING_FORMAT.matcher(text);
        if (trailingFormat.matches()) {
            text = trailingFormat.group(1);
            formatName = trailingFormat.group(2);
        }
        Matcher semicolon = TRAILING_SEMICOLON.matcher(text);
        if (semicolon.matches()) {
            text = semicolon.group(1);
        }
        String chosen = formatName;
        BiFormat format = BiFormat.named(chosen).orElseThrow(() -> new BiRefusal(BiError.UNKNOWN_FORMAT,
                "Unknown or unsupported output format " + chosen + " (supported: RowBinaryWithNamesAndTypes, TabSeparated*, CSV*, JSON*, Native)"));
        Map<String, String> parameters = new LinkedHashMap<>();
        Map<String, String> settings = new HashMap<>();
        request.parameters().forEach((name, value) -> {
            if (name.startsWith("param_")) {
                parameters.put(name.substring("param_".length()), value);
            } else if (!BiSettings.isProtocolParameter(name)) {
                settings.put(name, value);
            }
        });
        // SHOW DATABASES / SHOW TABLES / DESCRIBE / EXISTS, as BI tools send them, become Tally's own SELECTs.
        MetadataStatement.Translated metadata = MetadataStatement.translate(text, ownDatabase).orElse(null);
        if (metadata != null) {
            text = metadata.text();
            parameters.clear();
            parameters.putAll(metadata.parameters());
        }
        BiStatement statement = new BiStatement(credential.workspace(), keyId, text, parameters,
                BiSettings.from(settings, configuration.limits()), format, queryId);

        Matcher kill = KILL_QUERY.matcher(text);
        if (kill.matches()) {
            // A driver's cancel(): answered here, outside the key's statement allowance, which its running
            // statement may be using up.
            return server.available() ? cancelOnServer(statement, kill.group(1)) : cancel(statement, kill.group(1), compress);
        }
        long revision = format == BiFormat.NATIVE ? NativeRevision.requested(request.parameters().get("client_protocol_version")) : 0;
        KeyAllowance.Permit permit = KeyAllowance.once(allowance.statement(keyId));
        if (server.available()) {
            try {
                BiServerProxy.BiServerAnswer answer = server.run(statement, compress, configuration.limits(), revision, permit::release);
                return new ClickHouseAnswer(answer.status(), answer.headers(), answer.body());
            } catch (RuntimeException e) {
                permit.release();
                throw e;
            }
        }
        ResultPipe pipe = new ResultPipe();
        try {
            statements.execute(() -> {
                try {
                    run(statement, pipe, compress, permit, revision);
                } finally {
                    permit.release();
                }
            });
        } catch (RuntimeException e) {
            permit.release();
            throw e;
        }
        pipe.awaitStart();
        return new ClickHouseAnswer(200, headers(format, statement.settings().timeZone(), queryId, compress), pipe.source());
    }

    private ClickHouseAnswer cancel(BiStatement statement, String queryId, boolean compress) {
        boolean cancelled = engine.cancel(statement.keyId(), queryId);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        engine.runTrusted(BiSql.killAnswer(queryId, cancelled), statement, compress ? compressed(answer) : answer);
        return new ClickHouseAnswer(200, headers(statement.format(), statement.settings().timeZone(), statement.queryId(), compress),
                new ByteArrayInputStream(answer.toByteArray()));
    }

    private ClickHouseAnswer cancelOnServer(BiStatement statement, String queryId) {
        // The driver reads nothing from a KILL's answer; an empty result is one in every format.
        server.cancel(statement.keyId(), queryId);
        return ClickHouseAnswer.text(200, headers(statement.format(), statement.settings().timeZone(), statement.queryId(), false), "");
    }

    private void run(BiStatement statement, ResultPipe pipe, boolean compress, KeyAllowance.Permit permit, long nativeRevision) {
        // Tricky: the slot is given back before the body ends, so a client that sends its next statement the
        // moment it has read this one's last byte never finds its own finished statement still counted.
        OutputStream sink = new FilterOutputStream(pipe.sink()) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                permit.release();
                super.close();
            }
        };
        OutputStream plain = compress ? compressed(sink) : sink;
        try {
            engine.run(statement, NativeRevision.framing(plain, nativeRevision));
        } catch (RuntimeException e) {
            if (!pipe.hasStarted()) {
                pipe.failBeforeStart(e);
                return;
            }
            // As ClickHouse does once the result has begun: the error text ends the body, and the client fails reading it.
            try (plain) {
                plain.write(("\n" + errorText(e)).getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException ignored) {
                // The client is gone; nothing more to tell it.
            }
        }
    }

    private Map<String, String> headers(BiFormat format, String timeZone, String queryId, boolean compress) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", compress ? "application/octet-stream" : format.contentType());
        headers.put("X-ClickHouse-Format", format.clickHouseName());
        headers.put("X-ClickHouse-Timezone", timeZone);
        headers.put("X-ClickHouse-Query-Id", queryId);
        headers.put("X-ClickHouse-Server-Display-Name", "tally");
        headers.put("X-ClickHouse-Summary", SUMMARY);
        return headers;
    }

    private ClickHouseAnswer error(RuntimeException failure, String queryId) {
        int code = code(failure);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=UTF-8");
        headers.put("X-ClickHouse-Exception-Code", Integer.toString(code));
        headers.put("X-ClickHouse-Query-Id", queryId);
        headers.put("X-ClickHouse-Server-Display-Name", "tally");
        // Tricky: plain even with compress=1; the driver reads an error body without decompressing it.
        byte[] text = errorText(failure).getBytes(StandardCharsets.UTF_8);
        return new ClickHouseAnswer(status(failure, code), headers, new ByteArrayInputStream(text));
    }

    private String errorText(RuntimeException failure) {
        return switch (failure) {
            case BiRefusal refusal -> "Code: " + refusal.error().code() + ". DB::Exception: " + refusal.getMessage() + ". ("
                    + refusal.error().name() + ") (version " + version + ")\n";
            case StoreException store when store.getMessage().startsWith("Code: ") -> store.getMessage() + "\n";
            default -> "Code: 1001. DB::Exception: " + failure.getMessage() + ". (STD_EXCEPTION) (version " + version + ")\n";
        };
    }

    private static int code(RuntimeException failure) {
        return switch (failure) {
            case BiRefusal refusal -> refusal.error().code();
            case StoreException store when store.code() > 0 -> store.code();
            default -> 1001;
        };
    }

    private static int status(RuntimeException failure, int code) {
        if (failure instanceof BiRefusal refusal) {
            return refusal.error().httpStatus();
        }
        return switch (code) {
            case 36, 43, 46, 47, 62, 115, 456 -> 400;
            case 60, 81 -> 404;
            case 164, 497 -> 403;
            default -> 500;
        };
    }

    private static void requireOwnDatabase(ClickHouseRequest request, String ownDatabase) {
        String database = request.parameters().get("database");
        if (database == null) {
            database = request.header("X-ClickHouse-Database");
        }
        if (database != null && !database.isEmpty() && !database.equals("default") && !database.equals(ownDatabase)) {
            throw new BiRefusal(BiError.ACCESS_DENIED, "this key reads database " + ownDatabase + " only, not " + database);
        }
    }

    private static String requestedFormat(ClickHouseRequest request) {
        String format = request.parameters().get("default_format");
        if (format == null) {
            format = request.header("X-ClickHouse-Format");
        }
        return format == null || format.isBlank() ? DEFAULT_FORMAT : format.strip();
    }

    private static String sqlText(ClickHouseRequest request) {
        String query = request.parameters().get("query");
        String body;
        if ("1".equals(request.parameters().get("decompress")) && request.body().length > 0) {
            try (ClickHouseLZ4InputStream in = new ClickHouseLZ4InputStream(new ByteArrayInputStream(request.body()),
                    LZ4Factory.fastestInstance().fastDecompressor(), ClickHouseLZ4OutputStream.UNCOMPRESSED_BUFF_SIZE)) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BiRefusal(BiError.BAD_ARGUMENTS, "the request body is not LZ4-framed as decompress=1 says");
            }
        } else {
            body = new String(request.body(), StandardCharsets.UTF_8);
        }
        if (query == null) {
            return body;
        }
        return body.isEmpty() ? query : query + "\n" + body;
    }

    private static OutputStream compressed(OutputStream out) {
        return new ClickHouseLZ4OutputStream(out, LZ4Factory.fastestInstance().fastCompressor(),
                ClickHouseLZ4OutputStream.UNCOMPRESSED_BUFF_SIZE);
    }

    @Override
    @PreDestroy
    public void close() {
        statements.shutdown();
        try {
            if (engine.available()) {
                engine.cancelAll();
            } else if (server.available()) {
                server.cancelAll();
            }
            // Tricky: a chDB statement still running when the engine closes crashes the process.
            statements.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            LOG.warn("Cancelling BI statements at shutdown failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
