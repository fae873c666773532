package dev.tally.api.export;

import dev.tally.auth.Plan;
import dev.tally.auth.RequiresPlan;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.netty.buffer.ByteBuf;
import jakarta.inject.Named;
import org.reactivestreams.Publisher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.ExecutorService;

/**
 * Bench-only: the export answered the way it was before ADR 0175, each chunk read into a heap array and copied
 * into its Netty buffer (ADR 0160's path: the export is handed over through a channel that reads it into a heap array
 * first), so ExportBench can put the two side by side in one run. Exists only with
 * {@code tally.bench.heap-copy-export=true}.
 */
@Controller("/bench/events/export-heap-copy")
@Requires(property = "tally.bench.heap-copy-export", value = "true")
@Secured(Scope.ANALYTICS_READ_ROLE)
@RequiresPlan(Plan.BUSINESS)
final class HeapCopyExportController {
    private final Exports exports;
    private final ExecutorService io;

    HeapCopyExportController(Exports exports, @Named(TaskExecutors.IO) ExecutorService io) {
        this.exports = exports;
        this.io = io;
    }

    @Get
    @Produces(MediaType.ALL)
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<Publisher<ByteBuf>> export(HttpRequest<?> request, Workspace workspace, Authentication key) {
        ExportRequest parsed = ExportRequest.parse(request.getParameters().asMap(), request.getHeaders().getAll(HttpHeaders.ACCEPT));
        Exports.Started started = exports.start(parsed, workspace, key.getName());
        return ExportBody.response(new HeapCopy(started.stream(), new byte[256 * 1024]), started.contentType(), started.fileName(), io);
    }

    /** Reads the export into a heap array (the JDK's temporary direct buffer, then the array), then copies it into the caller's buffer. */
    private record HeapCopy(ReadableByteChannel export, byte[] array) implements ReadableByteChannel {
        @Override
        public int read(ByteBuffer target) throws IOException {
            int read = export.read(ByteBuffer.wrap(array, 0, Math.min(array.length, target.remaining())));
            if (read > 0) {
                target.put(array, 0, read);
            }
            return read;
        }

        @Override
        public boolean isOpen() {
            return export.isOpen();
        }

        @Override
        public void close() throws IOException {
            export.close();
        }
    }
}
