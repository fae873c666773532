package dev.tally.store;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.tally.sql.Param;
import dev.tally.sql.Sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A ClickHouse server or cluster over HTTP, through the ClickHouse Java client that the official JDBC
 * driver is built on (see docs/adr/0001-server-engine-client.md): it binds {@code {name:Type}}
 * parameters server-side and passes ClickHouse formats through untouched, which JDBC's {@code ?}
 * placeholders cannot. The client pools its HTTP connections ({@code poolSize}).
 */
public final class ServerClickHouse implements ClickHouse {
    private static final long TIMEOUT_MARGIN_SECONDS = 10;

    private final Client client;
    private final String database;
    private final long timeoutSeconds;
    private final String version;

    public ServerClickHouse(StoreConfiguration configuration) {
        this(configuration, ClusterMode.singleNode());
    }

    /**
     * On a cluster ({@link ClusterMode}) every statement also carries the settings that keep the Distributed
     * tables exact and an acknowledged insert durable and visible (docs/adr/0060-cluster-sharding-key.md):
     * subqueries read the shard-local tables a workspace's rows share ({@code distributed_product_mode}),
     * queries for one workspace go to its shard only, and inserts return after every shard wrote its rows to
     * a quorum of replicas, deduplicated on retry (views included).
     */
    public ServerClickHouse(StoreConfiguration configuration, ClusterMode cluster) {
        ServerAddress address = ServerAddress.parse(configuration.url(), configuration.database());
        this.database = address.database();
        this.timeoutSeconds = configuration.maxExecutionTimeSeconds() + TIMEOUT_MARGIN_SECONDS;
        Client.Builder builder = new Client.Builder()
                .addEndpoint(address.endpoint())
                .setUsername(configuration.user())
                .setPassword(configuration.password())
                .setDefaultDatabase("default")
                .setMaxConnections(Math.max(configuration.poolSize(), 8))
                .setConnectTimeout(5, ChronoUnit.SECONDS)
                // Tricky: a pooled connection idle longer than the server's keep_alive_timeout was closed by the
                // server, and an insert written to it fails with "Broken pipe" (not retried: its body is a stream),
                // as the BI bench's first insert after a long start-up did. Idle connections are dropped here first.
                .setKeepAliveTimeout(2, ChronoUnit.SECONDS)
                .serverSetting("max_execution_time", Integer.toString(configuration.maxExecutionTimeSeconds()))
                .serverSetting("date_time_output_format", "iso")
                .serverSetting("output_format_json_quote_64bit_integers", "0")
                // A stored string that is not UTF-8 comes back as U+FFFD, never as an unreadable result.
                .serverSetting("output_format_json_validate_utf8", "1");
        if (cluster.isCluster()) {
            builder.serverSetting("distributed_product_mode", "local")
                    .serverSetting("optimize_skip_unused_shards", "1")
                    .serverSetting("distributed_foreground_insert", "1")
                    .serverSetting("insert_quorum", "auto")
                    .serverSetting("insert_deduplicate", "1")
                    .serverSetting("deduplicate_blocks_in_dependent_materialized_views", "1");
        }
        this.client = builder.build();
        if (!client.ping(5_000)) {
            client.close();
            throw new StoreStartupException("cannot reach ClickHouse at " + address.endpoint()
                    + ": check TALLY_CLICKHOUSE_URL and that the server is up");
        }
        try {
            runCommand(cluster.isCluster() && cluster.topology() == ClusterSchema.Topology.REPLICATED
                    ? ClusterSchema.render(ClusterSchema.createDatabase(database), cluster.name().orElseThrow(), database)
                    : "CREATE DATABASE IF NOT EXISTS " + database, "default");
            this.version = query(Sql.of("SELECT version() AS version")).single().string("version");
        } catch (StoreException e) {
            client.close();
            throw new StoreStartupException("ClickHouse at " + address.endpoint() + " refused Tally's start-up ("
                    + e.getMessage() + "): check the user, password and database in the configuration");
        }
    }

    /** The server's HTTP endpoint named by the configuration, e.g. {@code http://host:8123}: where BI statements are proxied. */
    public static URI httpEndpoint(StoreConfiguration configuration) {
        return URI.create(ServerAddress.parse(configuration.url(), configuration.database()).endpoint());
    }

    @Override
    public String engine() {
        return "server";
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public void execute(Sql sql) {
        try (QueryResponse ignored = await(client.query(sql.text(), params(sql), settings(ClickHouseFormat.TabSeparated)))) {
            // Nothing to read; closing the response releases the connection.
        } catch (Exception e) {
            throw translate(e);
        }
    }

    @Override
    public Rows query(Sql sql) {
        QuerySettings settings = settings(ClickHouseFormat.JSONCompactEachRowWithNamesAndTypes);
        try (QueryResponse response = await(client.query(sql.text(), params(sql), settings))) {
            return RowsReader.read(response.getInputStream());
        } catch (Exception e) {
            throw translate(e);
        }
    }

    @Override
    public long insert(String table, InputFormat format, InputStream data) {
        return write(table, format, data, new InsertSettings().setDatabase(database));
    }

    /** The token makes a retried insert of the same rows a no-op on replicated tables and the views they feed. */
    @Override
    public long insert(String table, InputFormat format, InputStream data, Supplier<String> deduplicationToken) {
        return write(table, format, data, new InsertSettings().setDatabase(database)
                .serverSetting("insert_deduplication_token", deduplicationToken.get()));
    }

    private long write(String table, InputFormat format, InputStream data, InsertSettings settings) {
        try (InsertResponse response = await(client.insert(table, data, ClickHouseFormat.valueOf(format.clickHouseName()), settings))) {
            return response.getWrittenRows();
        } catch (Exception e) {
            throw translate(e);
        }
    }

    @Override
    public long stream(Sql sql, OutputFormat format, OutputStream out) {
        QuerySettings settings = settings(ClickHouseFormat.valueOf(format.clickHouseName()));
        try (QueryResponse response = await(client.query(sql.text(), params(sql), settings))) {
            return response.getInputStream().transferTo(out);
        } catch (Exception e) {
            throw translate(e);
        }
    }

    /**
     * On a server the response body of the query is the file: ClickHouse encodes it (one header, one
     * Parquet file) and the client hands its body over as it arrives. Closing early closes the HTTP
     * response, and the statement, named by its query id, is also killed from another connection.
     * A failure after the first bytes makes reading throw ({@link EngineFailureMarker}); whole-file
     * compression is done here as the body is read ({@link CompressingInputStream}, docs/adr/0131).
     */
    @Override
    public ExportStream export(Sql sql, ExportFormat format, Compression compression) {
        String tag = "tally-export-" + java.util.UUID.randomUUID();
        QuerySettings settings = settings(ClickHouseFormat.valueOf(format.clickHouseName())).setQueryId(tag)
                .serverSetting("max_execution_time", Integer.toString(EmbeddedClickHouse.EXPORT_MAX_EXECUTION_TIME_SECONDS))
                // A failure after the first bytes is the marked block EngineFailureMarker finds, in every format.
                .serverSetting("http_write_exception_in_output_format", "0");
        for (String setting : format.settings().split(",")) {
            if (!setting.isBlank()) {
                String[] nameValue = setting.split("=", 2);
                settings.serverSetting(nameValue[0].strip(), nameValue[1].strip().replace("'", ""));
            }
        }
        QueryResponse response;
        try {
            response = await(client.query(dev.tally.sql.ExportStatements.tagged(sql, tag).text(), params(sql), settings));
        } catch (Exception e) {
            throw translate(e);
        }
        java.util.concurrent.CompletableFuture<Void> outcome = java.util.concurrent.CompletableFuture.completedFuture(null);
        Runnable cancel = () -> {
            try (QueryResponse ignored = await(client.query(dev.tally.sql.ExportStatements.killById(tag), settings(ClickHouseFormat.TabSeparated)))) {
                // KILL answers at once (ASYNC).
            } catch (Exception ignored) {
                // The statement may have ended already.
            }
        };
        Runnable release = () -> {
            try {
                response.close();
            } catch (Exception ignored) {
                // Closing a cancelled response may fail; it is gone either way.
            }
        };
        InputStream body = EngineFailureMarker.guard(response.getInputStream(), header(response, "X-ClickHouse-Exception-Tag"));
        if (compression != Compression.NONE) {
            try {
                body = new CompressingInputStream(body, compression);
            } catch (IOException e) {
                release.run();
                throw new UncheckedIOException(e);
            }
        }
        return new ExportStream(body, outcome, cancel, false, release, tag);
    }

    @Override
    public void close() {
        client.close();
    }

    private static String header(QueryResponse response, String name) {
        Map<String, String> headers = response.getResponseHeaders();
        return headers == null ? null : headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private void runCommand(String text, String inDatabase) {
        QuerySettings settings = new QuerySettings().setDatabase(inDatabase).setFormat(ClickHouseFormat.TabSeparated);
        try (QueryResponse ignored = await(client.query(text, settings))) {
            // DDL: nothing to read.
        } catch (Exception e) {
            throw translate(e);
        }
    }

    private QuerySettings settings(ClickHouseFormat format) {
        return new QuerySettings().setDatabase(database).setFormat(format);
    }

    private <T> T await(Future<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(timeoutSeconds, TimeUnit.SECONDS);
    }

    private static Map<String, Object> params(Sql sql) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, Param> param : sql.params().entrySet()) {
            // The client sends param_<name>=String.valueOf(value): the escaped text both engines take.
            params.put(param.getKey(), param.getValue().text());
        }
        return params;
    }

    private static RuntimeException translate(Exception failure) {
        Throwable cause = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return switch (cause) {
            case StoreException store -> store;
            case ServerException server -> new StoreException(server.getCode(), server.getMessage(), server);
            case IOException io -> new UncheckedIOException(io);
            case UncheckedIOException io -> io;
            default -> new StoreException(0, String.valueOf(cause.getMessage()), cause);
        };
    }

    /** The HTTP endpoint and database named by a {@code jdbc:clickhouse://host:port/db} or {@code http://…} URL. */
    record ServerAddress(String endpoint, String database) {
        static ServerAddress parse(String url, String defaultDatabase) {
            String plain = url.replaceFirst("^jdbc:(clickhouse|ch):", "");
            if (!plain.contains("://")) {
                plain = "http://" + plain.replaceFirst("^//", "");
            }
            URI uri;
            try {
                uri = URI.create(plain);
            } catch (IllegalArgumentException e) {
                throw new StoreStartupException("TALLY_CLICKHOUSE_URL " + url + " is not a URL: use jdbc:clickhouse://host:8123/tally");
            }
            if (uri.getHost() == null) {
                throw new StoreStartupException("TALLY_CLICKHOUSE_URL " + url + " names no host: use jdbc:clickhouse://host:8123/tally");
            }
            String scheme = "https".equals(uri.getScheme()) ? "https" : "http";
            int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(scheme) ? 8443 : 8123);
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            String database = path.isEmpty() ? defaultDatabase : path;
            if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new StoreStartupException("TALLY_CLICKHOUSE_URL names the database " + database + ", which is not a plain identifier");
            }
            return new ServerAddress(scheme + "://" + uri.getHost() + ":" + port, database);
        }
    }
}
