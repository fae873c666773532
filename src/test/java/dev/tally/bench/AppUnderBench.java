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

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
