package dev.tally.api.export;

import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Compression;
import dev.tally.store.ExportFormat;
import dev.tally.store.ExportStream;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/**
 * Test-only: an export the engine breaks off after a few hundred thousand rows, answered the way the real
 * export answers (a started {@link ExportStream} in a {@link StreamedFile}).
 */
@Controller("/test/export-breaking")
@Requires(property = "spec.name", value = "ExportStreamingTest")
@Secured(SecurityRule.IS_ANONYMOUS)
final class FailingExportController {
    private final ClickHouse clickHouse;

    FailingExportController(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    @Get
    @Produces("text/tab-separated-values")
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<StreamedFile> breaking() {
        ExportStream stream = clickHouse.export(Sql.of("SELECT number, throwIf(number = 900000, 'broken on purpose') AS broken"
                + " FROM numbers(2000000) SETTINGS max_block_size = 8192"), ExportFormat.TSV, Compression.NONE);
        stream.start();
        return HttpResponse.ok(new StreamedFile(stream, MediaType.of("text/tab-separated-values")));
    }
}
