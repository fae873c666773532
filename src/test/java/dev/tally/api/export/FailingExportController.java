package dev.tally.api.export;

import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Compression;
import dev.tally.store.ExportFormat;
import dev.tally.store.ExportStream;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.netty.buffer.ByteBuf;
import jakarta.inject.Named;
import org.reactivestreams.Publisher;

import java.util.concurrent.ExecutorService;

/**
 * Test-only: an export the engine breaks off after a few hundred thousand rows, answered the way the real
 * export answers (a started {@link ExportStream} as an {@link ExportBody}).
 */
@Controller("/test/export-breaking")
@Requires(property = "spec.name", value = "ExportStreamingTest")
@Secured(SecurityRule.IS_ANONYMOUS)
final class FailingExportController {
    private final ClickHouse clickHouse;
    private final ExecutorService io;

    FailingExportController(ClickHouse clickHouse, @Named(TaskExecutors.IO) ExecutorService io) {
        this.clickHouse = clickHouse;
        this.io = io;
    }

    @Get
    @Produces("text/tab-separated-values")
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<Publisher<ByteBuf>> breaking() {
        ExportStream stream = clickHouse.export(Sql.of("SELECT number, throwIf(number = 900000, 'broken on purpose') AS broken"
                + " FROM numbers(2000000) SETTINGS max_block_size = 8192"), ExportFormat.TSV, Compression.NONE);
        stream.start();
        return ExportBody.response(stream, "text/tab-separated-values", "breaking.tsv", io);
    }
}
