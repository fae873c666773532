package dev.tally.ingest;

import io.micronaut.context.BeanProvider;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Once the server is up (after the migrations and the rollup repair), imports a crash or a shutdown left
 * {@code running} are queued again. Tricky: only when there are some is the import service (and with it
 * the whole ingest pipeline, whose user-agent analyzer takes seconds to build) created, so start-up and a
 * SIGTERM during it are not slowed down by a build nobody asked for (ADR 0041).
 */
@Singleton
final class ImportResumer {
    private final ImportFiles files;
    private final BeanProvider<ImportService> imports;

    ImportResumer(ImportFiles files, BeanProvider<ImportService> imports) {
        this.files = files;
        this.imports = imports;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        List<String> running = files.ids().stream()
                .filter(id -> files.load(id).filter(state -> state.status() == ImportStatus.RUNNING).isPresent())
                .toList();
        if (!running.isEmpty()) {
            imports.get().resume(running);
        }
    }
}
