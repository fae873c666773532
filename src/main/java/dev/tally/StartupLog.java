package dev.tally;

import dev.tally.store.ClickHouse;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;

/** One line when Tally is ready: where it listens, on which engine, and how long start-up took. */
@Singleton
final class StartupLog {
    private static final Logger LOG = LoggerFactory.getLogger(StartupLog.class);

    private final ClickHouse clickHouse;

    StartupLog(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        long millis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        LOG.info("Tally ready at {} on the {} engine (ClickHouse {}) in {} ms",
                event.getSource().getURL(), clickHouse.engine(), clickHouse.version(), millis);
    }
}
