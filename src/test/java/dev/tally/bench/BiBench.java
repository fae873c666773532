package dev.tally.bench;

import dev.tally.auth.Scope;
import dev.tally.bi.BiServerAccess;
import dev.tally.bi.BiViews;
import dev.tally.bi.GuardTiming;
import dev.tally.sql.BiSql;
import dev.tally.store.BareChdb;
import dev.tally.store.EmbeddedClickHouse;
import dev.tally.store.StoreConfiguration;
import dev.tally.support.BiServerUsers;
import dev.tally.support.ClickHouseListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The BI endpoint's cost (issue 14), on its own (not part of {@link BenchMain}): the same simple BI query
 * (clicks by country, top ten) on the same generated events, in one process, rounds interleaved so machine
 * noise hits every path alike —
 * <ul>
 *   <li>embedded engine: over {@code /clickhouse} on the main port and over the BI port (raw HTTP, TabSeparated),
 *   and through the official JDBC driver on the BI port, against the same SQL on a bare chDB connection; the
 *   guard alone (fresh read-only filtered connection + classify + EXPLAIN AST + EXPLAIN QUERY TREE) against the
 *   connection alone; Grafana's time series as clickhouse-go sends it (Native framed for revision 54460);</li>
 *   <li>server mode (a ClickHouse listener in a child process, Tally proxying as the workspace's user): over
 *   {@code /clickhouse} (raw HTTP) and through the JDBC driver, each against the same SQL sent straight to the
 *   listener as the workspace's user the same way; and the guard's two EXPLAINs on the server.</li>
 * </ul>
 * Writes its own section of BENCHMARKS.md.
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -Xmx2g -cp … dev.tally.bench.BiBench [clicks, default 200000] [rounds, default 200]
 * </pre>
 */
public final class BiBench {
    static final String SECTION_START = "<!-- bi-bench -->";
    static final String SECTION_END = "<!-- /bi-bench -->";
    /** The listener's profile bounds max_result_rows at Tally's ceiling, which Tally sends with every statement. */
    private static final long MAX_RESULT_ROWS = 10_000_000;
    private static final String SQL = "SELECT country, count() AS clicks FROM events WHERE event_type = 'click' GROUP BY country ORDER BY clicks DESC LIMIT 10";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> lines = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final int rounds;
    private final int warmup;

    private BiBench(int rounds) {
        this.rounds = rounds;
        this.warmup = Math.max(10, rounds / 5);
    }

    public static void main(String[] args) throws Exception {
        long clicks = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path workDir = Path.of("target", "bench", "bi");
        BenchMain.deleteRecursively(workDir);
        Files.createDirectories(workDir);
        TrafficGenerator generator = new TrafficGenerator(42, 20, 500, 90, LocalDate.now(ZoneOffset.UTC));
        BiBench bench = new BiBench(rounds);
        bench.embedded(workDir.resolve("embedded-data"), generator, clicks);
        bench.server(workDir, generator, clicks);
        bench.notes.add(String.format(Locale.ROOT, "system load average at the end of the run: %.1f on %d cores (other builds may share this machine)",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors()));
        bench.write(Path.of("BENCHMARKS.md"), clicks);
        System.out.println("wrote the bi section of BENCHMARKS.md");
        System.exit(0);
    }

    private void embedded(Path dataDir, TrafficGenerator generator, long clicks) throws Exception {
        int biPort = ClickHouseListener.freePort();
        try (AppUnderBench app = new AppUnderBench(dataDir, Map.of("tally.bi.requests-per-minute", 100_000_000, "tally.bi.port", biPort))) {
            DataSetLoader.Loaded loaded = DataSetLoader.load(app.clickHouse(), generator, clicks);
            DataSetLoader.awaitQuietMerges(app.clickHouse(), Duration.ofMinutes(2));
            notes.add(String.format(Locale.ROOT, "embedded: %,d generated events (%,d clicks), the busiest of %d workspaces queried",
                    loaded.events(), clicks, generator.workspaces().size()));
            String workspaceId = generator.workspaces().getFirst();
            String key = app.apiKey(workspaceId, Scope.BI_READ);
            String database = app.context().getBean(BiViews.class).ensure(workspaceId);
            String tallyDatabase = app.context().getBean(StoreConfiguration.class).database();
            EmbeddedClickHouse engine = (EmbeddedClickHouse) app.clickHouse();
            String qualified = SQL.replace("FROM events", "FROM " + database + ".events");
            BareChdb bare = BareChdb.beside(engine, dataDir);
            HttpRequest mainPort = tallyRequest(app.baseUri() + "/clickhouse/?default_format=TabSeparated", key, SQL);
            HttpRequest biListener = tallyRequest("http://localhost:" + biPort + "/?default_format=TabSeparated", key, SQL);
            try (Connection driver = driver("jdbc:clickhouse://localhost:" + biPort + "/" + database, "bi-bench", key);
                 Statement statement = driver.createStatement()) {
                String expected = new String(bare.query(qualified, "TabSeparated"), StandardCharsets.UTF_8);
                require("/clickhouse on the main port", send(mainPort), expected);
                require("the BI port", send(biListener), expected);
                require("the JDBC driver", rows(statement), expected);
                Stats[] stats = interleaved(List.<Supplier<?>>of(
                        () -> bare.query(qualified, "TabSeparated"),
                        () -> send(mainPort),
                        () -> send(biListener),
                        () -> rows(statement)));
                row("embedded", "simple BI query over `/clickhouse` on the main port (raw HTTP, TabSeparated; guard included)", stats[1], stats[0],
                        "the same SQL on a bare chDB connection");
                row("embedded", "the same over the BI port (`TALLY_BI_PORT`, raw HTTP)", stats[2], stats[0], "the same, bare");
                row("embedded", "the same through the official JDBC driver " + driverVersion(driver) + " on the BI port (RowBinaryWithNamesAndTypes, compress=1)",
                        stats[3], stats[0], "the same, bare (TabSeparated)");
            }

            Stats[] guard = interleaved(List.<Supplier<?>>of(
                    () -> {
                        GuardTiming.connectOnly(engine, tallyDatabase, workspaceId);
                        return null;
                    },
                    () -> {
                        GuardTiming.connectAndGuard(engine, tallyDatabase, workspaceId, SQL);
                        return null;
                    }));
            row("embedded", "guard: fresh read-only filtered connection + classify + EXPLAIN AST + EXPLAIN QUERY TREE", guard[1], guard[0],
                    "the fresh connection alone");
            notes.add(String.format(Locale.ROOT, "embedded: the guard's three steps take %.1f ms a statement at the median (%.1f ms with the fresh connection)",
                    guard[1].medianMillis() - guard[0].medianMillis(), guard[1].medianMillis()));

            // Grafana's time series as clickhouse-go sends it: Native framed for protocol revision 54460.
            String series = "SELECT toStartOfInterval(toDateTime(timestamp), INTERVAL 86400 second) AS time, count(*) AS clicks FROM "
                    + database + ".events WHERE event_type = 'click' GROUP BY time ORDER BY time";
            HttpRequest grafana = tallyRequest(app.baseUri() + "/clickhouse/?database=" + database
                    + "&default_format=Native&client_protocol_version=54460", key, series);
            Stats[] framed = interleaved(List.<Supplier<?>>of(() -> bare.query(series, "Native"), () -> send(grafana)));
            row("embedded", "Grafana's clicks per day as clickhouse-go sends it (Native framed for revision 54460, `/clickhouse`)", framed[1], framed[0],
                    "the same SQL bare, Native");
            bare.close();
        }
    }

    private void server(Path workDir, TrafficGenerator generator, long clicks) throws Exception {
        Path configDir = Files.createDirectories(workDir.resolve("server-config"));
        ClickHouseListener listener = ClickHouseListener.start(ClickHouseListener.freePort(), ClickHouseListener.freePort(),
                BiServerUsers.write(configDir, List.of(), MAX_RESULT_ROWS));
        AppUnderBench app = null;
        try {
            app = new AppUnderBench(workDir.resolve("server-unused"), Map.of("tally.clickhouse.url", listener.jdbcUrl("tally"),
                    "tally.bi.requests-per-minute", 100_000_000, "tally.bi.max-result-rows", MAX_RESULT_ROWS,
                    "tally.bi.server-secret", "bi-bench-secret"));
            String workspaceId = generator.workspaces().getFirst();
            String key = app.apiKey(workspaceId, Scope.BI_READ);
            String database = app.context().getBean(BiViews.class).ensure(workspaceId);
            BiServerAccess access = app.context().getBean(BiServerAccess.class);
            String user = BiServerAccess.userOf(workspaceId);
            String password = access.password(workspaceId);
            // clickhouse-local reads its users only at start: declare the workspace's user as clickhouse/bi/ makes it, and restart.
            listener = listener.restart(BiServerUsers.write(configDir,
                    List.of(new BiServerUsers.User(user, access.passwordSha256(workspaceId), database)), MAX_RESULT_ROWS,
                    // For the driver's own baseline straight to the server only: 0.9.x sends async_insert=0 with every statement.
                    // And a quota the bench cannot reach: it sends ten queries a round, beyond a workspace's 600 statements a minute.
                    List.of("async_insert"), 1_000_000_000L));
            // The client's pooled connections went to the listener process the restart replaced: the first statement on
            // each fails (an insert with "Broken pipe"); wait out the client's 2 s idle limit so the pool drops them.
            Thread.sleep(2_500);
            DataSetLoader.Loaded loaded = DataSetLoader.load(app.clickHouse(), generator, clicks);
            DataSetLoader.awaitQuietMerges(app.clickHouse(), Duration.ofMinutes(2));
            notes.add(String.format(Locale.ROOT, "server mode: the same %,d events on a ClickHouse listener (the pinned engine's, %s) in a child process;"
                    + " Tally proxies each statement as the workspace's user %s after the guard's two EXPLAINs on the server as that user",
                    loaded.events(), app.clickHouse().version(), "`tally_bi_<workspace>`"));

            HttpRequest viaTally = tallyRequest(app.baseUri() + "/clickhouse/?default_format=TabSeparated", key, SQL);
            String direct = listener.httpUrl() + "/?database=" + database + "&default_format=TabSeparated";
            HttpRequest straight = asUser(direct, user, password, SQL);
            HttpRequest explainAst = asUser(direct, user, password, BiSql.explainAst(SQL));
            HttpRequest explainTree = asUser(direct, user, password, BiSql.explainQueryTree(SQL));
            String tallyDriverUrl = "jdbc:clickhouse://localhost:" + app.baseUri().getPort() + "/clickhouse/" + database;
            String directDriverUrl = "jdbc:clickhouse://" + listener.host() + ":" + listener.httpPort() + "/" + database;
            try (Connection throughTally = driver(tallyDriverUrl, "bi-bench", key); Statement viaDriver = throughTally.createStatement();
                 Connection toServer = driver(directDriverUrl, user, password); Statement directDriver = toServer.createStatement()) {
                String expected = send(straight);
                require("server mode, /clickhouse", send(viaTally), expected);
                require("server mode, the JDBC driver through Tally", rows(viaDriver), expected);
                require("server mode, the JDBC driver straight to the server", rows(directDriver), expected);
                Stats[] stats = interleaved(List.<Supplier<?>>of(
                        () -> send(straight),
                        () -> send(viaTally),
                        () -> rows(directDriver),
                        () -> rows(viaDriver),
                        () -> {
                            send(explainAst);
                            return send(explainTree);
                        }));
                row("server", "simple BI query over `/clickhouse` (raw HTTP, TabSeparated; guard's EXPLAINs and proxy included)", stats[1], stats[0],
                        "the same SQL straight to the server as the workspace's user, raw HTTP");
                row("server", "the same through the official JDBC driver " + driverVersion(throughTally) + " via Tally", stats[3], stats[2],
                        "the same driver straight to the server as the workspace's user");
                row("server", "the guard alone: EXPLAIN AST + EXPLAIN QUERY TREE on the server as the workspace's user (raw HTTP)", stats[4], stats[0],
                        "the statement itself straight to the server");
                notes.add(String.format(Locale.ROOT, "server mode: the proxy adds %.1f ms to the median simple query over raw HTTP, %.1f ms of which"
                                + " are the guard's two EXPLAIN round trips; through the driver it adds %.1f ms",
                        stats[1].medianMillis() - stats[0].medianMillis(), stats[4].medianMillis(), stats[3].medianMillis() - stats[2].medianMillis()));
            }
        } finally {
            if (app != null) {
                app.close();
            }
            listener.close();
        }
    }

    /** Runs the paths in turn each round, starting with a different one every round; timings after the warm-up. */
    private Stats[] interleaved(List<Supplier<?>> paths) {
        long[][] nanos = new long[paths.size()][rounds];
        for (int round = -warmup; round < rounds; round++) {
            for (int i = 0; i < paths.size(); i++) {
                int path = Math.floorMod(round + i, paths.size());
                long start = System.nanoTime();
                paths.get(path).get();
                long took = System.nanoTime() - start;
                if (round >= 0) {
                    nanos[path][round] = took;
                }
            }
        }
        Stats[] stats = new Stats[paths.size()];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = Stats.ofNanos(nanos[i]);
        }
        return stats;
    }

    private void row(String mode, String what, Stats stats, Stats bare, String bareWhat) {
        String line = String.format(Locale.ROOT, "| %s | %s | %s | %s | %s (%s) | %s | %.2f× |", mode, what, stats.median(), stats.p99(),
                bare.median(), bareWhat, bare.p99(), stats.medianMillis() / bare.medianMillis());
        lines.add(line);
        System.out.println(line);
    }

    private void write(Path file, long clicks) throws IOException {
        String section = SECTION_START + "\n## bi: the ClickHouse-compatible endpoint (issue 14)\n\nGenerated by `dev.tally.bench.BiBench` on "
                + java.time.Instant.now() + ": " + String.format(Locale.ROOT, "%,d", clicks) + " generated clicks, " + rounds
                + " interleaved rounds after " + warmup + " of warm-up, one client at a time, milliseconds.\n\n"
                + "| engine | what | median | p99 | bare median | bare p99 | ratio |\n|---|---|---|---|---|---|---|\n"
                + String.join("\n", lines) + "\n\n" + String.join("\n", notes.stream().map(note -> "- " + note).toList()) + "\n"
                + SECTION_END + "\n";
        Report.replaceSection(file, SECTION_START, SECTION_END, section);
    }

    private static void require(String path, String answer, String expected) {
        if (!answer.equals(expected)) {
            throw new IllegalStateException(path + " and the bare engine disagree:\n" + answer + "\n---\n" + expected);
        }
    }

    private static HttpRequest tallyRequest(String url, String key, String sql) {
        return HttpRequest.newBuilder(URI.create(url)).header("X-ClickHouse-Key", key).POST(HttpRequest.BodyPublishers.ofString(sql)).build();
    }

    private static HttpRequest asUser(String url, String user, String password, String sql) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build();
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The answer read through the driver, as TabSeparated text to compare with the others. */
    private static String rows(Statement statement) {
        StringBuilder text = new StringBuilder();
        try (ResultSet rows = statement.executeQuery(SQL)) {
            while (rows.next()) {
                text.append(rows.getString(1)).append('\t').append(rows.getLong(2)).append('\n');
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    private static Connection driver(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(url, properties);
    }

    private static String driverVersion(Connection connection) {
        try {
            return connection.getMetaData().getDriverVersion();
        } catch (SQLException e) {
            return "?";
        }
    }
}
