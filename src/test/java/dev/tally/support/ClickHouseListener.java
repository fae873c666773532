package dev.tally.support;

import dev.tally.store.ChdbServerMain;
import dev.tally.store.EmbeddedClickHouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real ClickHouse server (HTTP and TCP) for tests, without Docker: a child JVM ({@link ChdbServerMain})
 * runs the embedded engine's library as clickhouse-local with its listeners on, on free ports and a fresh
 * data directory under {@code target/clickhouse-listeners/}.
 *
 * <pre>{@code
 * ClickHouseListener server = ClickHouseListener.shared();   // one per test JVM, started on first use
 * server.httpUrl();            // http://127.0.0.1:PORT  (GET /ping answers "Ok.")
 * server.jdbcUrl("tally");     // jdbc:clickhouse://127.0.0.1:PORT/tally  (TALLY_CLICKHOUSE_URL)
 * server.host(); server.httpPort(); server.tcpPort();
 * }</pre>
 *
 * <p>User {@code default}, no password. The engine is the pinned chDB's (ClickHouse 26.7), the same as the
 * embedded engine's. Not there: replication, {@code ON CLUSTER}, interserver HTTP (no Keeper).
 *
 * <p>Lifecycle: {@link #shared()} starts once and is killed (by PID) by a JVM shutdown hook, whatever the
 * tests' outcome; don't close it. {@link #start} gives a private one the caller closes (try-with-resources);
 * it too is killed at JVM exit if left open. Should this JVM die without running hooks (SIGKILL), the child
 * sees its standard input close and exits by itself. Start-up takes about two seconds.
 */
public final class ClickHouseListener implements AutoCloseable {
    private static final Path ROOT = Path.of("target", "clickhouse-listeners");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<ClickHouseListener> RUNNING = new ArrayList<>();
    private static ClickHouseListener shared;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ClickHouseListener::killAll, "clickhouse-listener-kill"));
    }

    private final Process process;
    private final Path dataDir;
    private final int httpPort;
    private final int tcpPort;
    private volatile boolean closed;

    private ClickHouseListener(Process process, Path dataDir, int httpPort, int tcpPort) {
        this.process = process;
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
    }

    /** The one listener of this test JVM: started on first call, killed when the JVM ends. */
    public static synchronized ClickHouseListener shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
        }
        return shared;
    }

    /** A private listener on free ports; the caller closes it. */
    public static ClickHouseListener start() {
        return start(freePort(), freePort(), null);
    }

    /**
     * A private listener on the given ports, with an extra server config file (for example a
     * {@code remote_servers} section naming other listeners' TCP ports), or none when null; the caller closes it.
     */
    public static ClickHouseListener start(int httpPort, int tcpPort, Path configFile) {
        Path dataDir;
        try {
            Files.createDirectories(ROOT);
            dataDir = Files.createTempDirectory(ROOT.toAbsolutePath(), "ch-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(httpPort, tcpPort, configFile, dataDir);
    }

    /**
     * This private listener stopped and started again on its ports and data directory (its tables kept)
     * with {@code configFile}: how a test gives it users, which a clickhouse-local listener reads only at
     * start. The caller closes the returned one instead.
     */
    public ClickHouseListener restart(Path configFile) {
        if (this == shared) {
            throw new IllegalStateException("the shared ClickHouse listener is not restarted");
        }
        closed = true;
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (RUNNING) {
            RUNNING.remove(this);
        }
        return start(httpPort, tcpPort, configFile, dataDir);
    }

    private static ClickHouseListener start(int httpPort, int tcpPort, Path configFile, Path dataDir) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", absoluteClassPath(), ChdbServerMain.class.getName(),
                EmbeddedClickHouse.defaultLibraryPath().toString(), dataDir.toString(),
                Integer.toString(httpPort), Integer.toString(tcpPort)));
        if (configFile != null) {
            command.add(configFile.toAbsolutePath().toString());
        }
        Path log = dataDir.resolve("listener.log");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dataDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the ClickHouse listener child JVM", e);
        }
        ClickHouseListener listener = new ClickHouseListener(process, dataDir, httpPort, tcpPort);
        synchronized (RUNNING) {
            RUNNING.add(listener);
        }
        try {
            listener.awaitPing(log);
        } catch (RuntimeException | Error e) {
            listener.close();
            throw e;
        }
        return listener;
    }

    /** This JVM's class path with every entry absolute: the child runs in its data directory. */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            entries.add(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** A TCP port nobody listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int httpPort() {
        return httpPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    /** The HTTP interface, e.g. {@code http://127.0.0.1:8123} (no trailing slash). */
    public URI httpUrl() {
        return URI.create("http://" + host() + ":" + httpPort);
    }

    /** A URL for {@code TALLY_CLICKHOUSE_URL} / the JDBC driver, on {@code database}. */
    public String jdbcUrl(String database) {
        return "jdbc:clickhouse://" + host() + ":" + httpPort + "/" + database;
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the child by its PID and deletes its data directory. Closing the shared listener is refused. */
    @Override
    public void close() {
        if (this == shared) {
            throw new IllegalStateException("the shared ClickHouse listener lives until the JVM ends; don't close it");
        }
        kill();
        synchronized (RUNNING) {
            RUNNING.remove(this);
        }
    }

    private void kill() {
        if (closed) {
            return;
        }
        closed = true;
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(dataDir);
    }

    private static void killAll() {
        List<ClickHouseListener> all;
        synchronized (RUNNING) {
            all = List.copyOf(RUNNING);
        }
        all.forEach(ClickHouseListener::kill);
    }

    private void awaitPing(Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest ping = HttpRequest.newBuilder(httpUrl().resolve("/ping")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the ClickHouse listener exited with " + process.exitValue()
                        + " before answering /ping:\n" + tail(log));
            }
            try {
                HttpResponse<String> answer = HTTP.send(ping, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().strip().equals("Ok.")) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the ClickHouse listener", e);
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("the ClickHouse listener did not answer /ping on port " + httpPort
                + " within " + START_TIMEOUT.toSeconds() + " s:\n" + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Left under target/; mvn clean removes it.
        }
    }
}
