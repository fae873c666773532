package dev.tally.reliability;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/reliability [short|full|soak]}: runs the suite against the real application on its own data
 * directory ({@code target/reliability-data}, emptied first) and writes {@code RELIABILITY.md}.
 * <ul>
 *   <li>short — 1,500 fuzz requests and the tenant probes (what {@code ReliabilityShortTest} runs in CI);</li>
 *   <li>full — 20,000 fuzz requests over three seeds, the tenant probes and a 10-minute soak;</li>
 *   <li>soak [seconds] [requests/s] [events/s] — Tally in a child JVM of its own, loaded from this one by
 *   {@link OpenLoopSoak} (defaults: the issue's 600 s at 1,000 requests/s + 10,000 events/s); its report
 *   replaces {@code RELIABILITY.md}'s soak section only.</li>
 * </ul>
 * Kill -9 chaos is {@code DurabilityTest} (ingest) and the crash tests of the other issue-11 branches; its
 * figures are not repeated here.
 */
public final class ReliabilityMain {
    private static final String ADMIN_TOKEN = "reliability-main-admin-token-0123456789";

    private ReliabilityMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        String mode = args.length == 0 ? "short" : args[0];
        if (mode.equals("soak")) {
            soakFromAnotherProcess(args);
            return;
        }
        Path data = Path.of("target", "reliability-data");
        deleteRecursively(data);
        Map<String, Object> properties = new HashMap<>(Target.properties(ADMIN_TOKEN));
        properties.put("tally.clickhouse.data-dir", data.toString());
        properties.put("micronaut.server.port", -1);
        Report report = new Report(mode);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
            ApplicationContext context = server.getApplicationContext();
            Target target = Target.create(context, server.getURI(), ADMIN_TOKEN);
            Routes routes = Routes.of(context);
            JsonMapper json = context.getBean(JsonMapper.class);
            if (!mode.equals("soak")) {
                List<Long> seeds = mode.equals("full") ? List.of(20261201L, 7L, 424242L) : List.of(20261201L);
                int perSeed = mode.equals("full") ? 20_000 / seeds.size() : ReliabilityShortTest.REQUESTS;
                for (long seed : seeds) {
                    Instant start = Instant.now();
                    Fuzzer.Result result = new Fuzzer(target, routes, json, seed).run(perSeed);
                    report.fuzz(result, Duration.between(start, Instant.now()), target);
                }
                report.probes(new TenantProbes(target, routes).run(), routes);
            }
            if (!mode.equals("short")) {
                long seconds = Long.getLong("soak.seconds", 600);
                report.soak(new Soak(target, json).run(Duration.ofSeconds(seconds)));
            }
        }
        Files.writeString(Path.of("RELIABILITY.md"), report.markdown());
        System.out.println(report.markdown());
        System.exit(report.failed() ? 1 : 0);
    }

    private static void soakFromAnotherProcess(String[] args) throws Exception {
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 600;
        OpenLoopSoak.Rates rates = new OpenLoopSoak.Rates(args.length > 2 ? Integer.parseInt(args[2]) : 1_000,
                args.length > 3 ? Integer.parseInt(args[3]) : 10_000);
        Path directory = Path.of("target", "reliability-soak").toAbsolutePath();
        deleteRecursively(directory);
        Files.createDirectories(directory);
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // The JVM options scripts/start uses, a GC log (its pauses go into the report) and SOAK_JAVA_OPTS (e.g. a
        // flight recording: -XX:StartFlightRecording=filename=soak.jfr,settings=profile).
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-XX:G1PeriodicGCInterval=15000", "-Xlog:gc:file=gc.log:time,uptime"));
        String extraOptions = System.getenv().getOrDefault("SOAK_JAVA_OPTS", "").strip();
        if (!extraOptions.isEmpty()) {
            command.addAll(List.of(extraOptions.split("\\s+")));
        }
        command.addAll(List.of("-cp", absoluteClassPath(), dev.tally.Application.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile()).redirectErrorStream(true).redirectOutput(directory.resolve("tally.log").toFile());
        builder.environment().put("TALLY_DATA_DIR", directory.resolve("data").toString());
        builder.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(port));
        builder.environment().put("TALLY_ADMIN_TOKEN", ADMIN_TOKEN);
        builder.environment().put("TALLY_RATE_LIMIT", "1000000000");
        Process tally = builder.start();
        URI base = URI.create("http://127.0.0.1:" + port);
        int exitCode;
        try {
            dev.tally.support.Poll.until(Duration.ofSeconds(180), () -> healthy(base), ok -> ok || !tally.isAlive());
            if (!tally.isAlive()) {
                throw new IllegalStateException("Tally did not start; see " + directory.resolve("tally.log"));
            }
            String key;
            java.util.Map<String, Object> link;
            try (dev.tally.support.TallyClient admin = new dev.tally.support.TallyClient(base, ADMIN_TOKEN)) {
                key = admin.issueKey((String) admin.createWorkspace("business", "UTC").get("id"));
                link = admin.post("/api/v1/links", "application/json", "{\"url\":\"https://example.com/soak\"}", key).ok().json();
            }
            OpenLoopSoak.Outcome outcome = new OpenLoopSoak(base, key, (String) link.get("id"), (String) link.get("key"), tally.pid(),
                    directory.resolve("requests.csv")).run(Duration.ofSeconds(seconds), rates);
            String section = Report.openLoopSoak(outcome, GcPauses.of(directory.resolve("gc.log")));
            System.out.println(section);
            Path reliability = Path.of("RELIABILITY.md");
            String existing = Files.exists(reliability) ? Files.readString(reliability) : "# Reliability\n";
            int at = existing.indexOf(Report.OPEN_LOOP_SOAK_HEADING);
            Files.writeString(reliability, (at < 0 ? existing.stripTrailing() + "\n\n" : existing.substring(0, at)) + section);
            exitCode = outcome.clean() ? 0 : 1;
        } finally {
            tally.destroy();
            if (!tally.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                tally.destroyForcibly();
            }
        }
        // Tricky: only after the finally block: System.exit inside the try skipped it and left Tally running.
        System.exit(exitCode);
    }

    /** The class path with every entry absolute: the child runs in its own directory. */
    private static String absoluteClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private static boolean healthy(URI base) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(base.resolve("/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void deleteRecursively(Path path) throws java.io.IOException {
        if (Files.exists(path)) {
            try (var walk = Files.walk(path)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
