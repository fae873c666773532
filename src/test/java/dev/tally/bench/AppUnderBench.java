package dev.tally.bench;

import dev.tally.store.ClickHouse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** The real Tally application on the embedded engine, in this JVM, on its own data directory and port. */
final class AppUnderBench implements AutoCloseable {
    private final EmbeddedServer server;

    AppUnderBench(Path dataDir, Map<String, Object> extraProperties) {
        Map<String, Object> properties = new java.util.HashMap<>(extraProperties);
        properties.put("tally.clickhouse.data-dir", dataDir.toString());
        properties.put("micronaut.server.port", -1);
        // The benches time the engine's work: the result cache would answer repeated queries from memory.
        properties.putIfAbsent("tally.cache.enabled", false);
        this.server = ApplicationContext.run(EmbeddedServer.class, properties, "bench");
    }

    URI baseUri() {
        return server.getURI();
    }

    ClickHouse clickHouse() {
        return server.getApplicationContext().getBean(ClickHouse.class);
    }

    ApplicationContext context() {
        return server.getApplicationContext();
    }

    /** A key for {@code workspaceId} (created on the enterprise plan) holding {@code scopes}, issued through Tally's own key service. */
    String apiKey(String workspaceId, dev.tally.auth.Scope... scopes) {
        clickHouse().insert("workspaces", dev.tally.store.InputFormat.JSON_EACH_ROW, new java.io.ByteArrayInputStream(("{\"id\":\"" + workspaceId
                + "\",\"organization_id\":\"org_bench\",\"name\":\"bench\",\"plan\":\"enterprise\",\"time_zone\":\"UTC\","
                + "\"created_at\":\"2026-01-01 00:00:00.000\",\"updated_at\":\"2026-01-01 00:00:00.000\"}\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return context().getBean(dev.tally.auth.ApiKeys.class).issue(workspaceId, "bench", java.util.Set.of(scopes)).secret();
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
