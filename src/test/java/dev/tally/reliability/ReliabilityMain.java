package dev.tally.reliability;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

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
 *   <li>soak — the soak alone ({@code -Dsoak.seconds=N} to change its length).</li>
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

    private static void deleteRecursively(Path path) throws java.io.IOException {
        if (Files.exists(path)) {
            try (var walk = Files.walk(path)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
