package dev.tally.api.export;

import dev.tally.api.error.ApiException;
import dev.tally.api.error.ErrorCode;
import dev.tally.auth.Workspace;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.ParameterError;
import dev.tally.query.QueryException;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import dev.tally.query.TimeRange;
import dev.tally.sql.ExportSql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Compression;
import dev.tally.store.ExportStream;
import dev.tally.store.StoreException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Starts one export: the filters through the shared grammar, the statement from {@code sql.ExportSql}, the
 * bytes from the store; it answers only once the engine has written its first bytes, so a refused export is
 * an error response, never a broken file.
 */
@Singleton
final class Exports {
    private static final Logger LOG = LoggerFactory.getLogger(Exports.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** Every timestamp DateTime64(3) holds: an incremental pull reads events of any time. */
    static final TimeRange ALL_TIMESTAMPS = new TimeRange(Instant.parse("1900-01-01T00:00:00Z"), Instant.parse("2299-12-31T00:00:00Z"));

    private final QueryParser parser;
    private final ClickHouse clickHouse;
    private final ExportSlots slots;
    private final SettledBound settledBound;
    private final ExportOutcomes outcomes;

    Exports(QueryParser parser, ClickHouse clickHouse, ExportSlots slots, SettledBound settledBound, ExportOutcomes outcomes) {
        this.outcomes = outcomes;
        this.parser = parser;
        this.clickHouse = clickHouse;
        this.slots = slots;
        this.settledBound = settledBound;
    }

    /** A started export and what its response says about it. */
    record Started(ReadableByteChannel stream, String contentType, String fileName, Optional<String> nextCursor, Optional<Instant> until) {
    }

    Started start(ExportRequest request, Workspace workspace, String keyId) {
        AnalyticsQuery query = parser.parse(request.filters(), SurfaceRules.EXPORT, workspace.id(), workspace.timeZone());
        Optional<ExportSql.IngestWindow> window = Optional.empty();
        if (request.after().isPresent()) {
            Instant after = SyncCursor.decode("after", request.after().get(), workspace.id()).ingestedAt();
            Instant settled = settledBound.now();
            Instant until = settled;
            if (request.until().isPresent()) {
                until = SyncCursor.decode("until", request.until().get(), workspace.id()).ingestedAt();
                if (until.isAfter(settled)) {
                    throw new QueryException(ParameterError.NOT_APPLICABLE, "until",
                            "until is later than the settled bound (" + settled + "); pass a cursor an earlier pull returned.");
                }
            }
            if (until.isBefore(after)) {
                throw new QueryException(ParameterError.END_BEFORE_START, "until", "until must not be before after.");
            }
            window = Optional.of(new ExportSql.IngestWindow(after, until));
            // Tricky: a pull is a copy of everything ingested in its window, bots included, whatever its timestamp.
            query = query.withRange(ALL_TIMESTAMPS).withIncludeBots(true);
        }
        Runnable release = slots.take(keyId);
        ExportStream stream;
        try {
            stream = clickHouse.export(ExportSql.build(query, window), request.format(), request.compression());
            stream.start();
        } catch (StoreException e) {
            release.run();
            LOG.warn("export for workspace {} refused by the engine: {}", workspace.id(), e.getMessage());
            throw new ApiException(ErrorCode.UNAVAILABLE, "The engine could not run this export (ClickHouse code " + e.code() + "); retry later.");
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        Optional<Instant> until = window.map(ExportSql.IngestWindow::until);
        return new Started(new Releasing(stream, release, outcomes), contentType(request), fileName(request, workspace, until),
                until.map(u -> new SyncCursor(u).encode(workspace.id())), until);
    }

    private static String contentType(ExportRequest request) {
        return switch (request.compression()) {
            case NONE -> request.format().mediaType();
            case GZIP -> "application/gzip";
            case ZSTD -> "application/zstd";
        };
    }

    private static String fileName(ExportRequest request, Workspace workspace, Optional<Instant> until) {
        String compressed = request.compression() == Compression.NONE ? "" : "." + request.compression().extension();
        return "events-" + workspace.id() + "-" + FILE_TIME.format(until.orElseGet(Instant::now)) + "." + request.format().extension() + compressed;
    }

    /**
     * Gives the export's slot back when the response is done with the stream (finished or abandoned). A channel,
     * so that the response reads the export straight into its buffers (ADR 0175).
     */
    private static final class Releasing implements ReadableByteChannel {
        private final ExportStream stream;
        private final Runnable release;
        private final ExportOutcomes outcomes;
        private boolean reachedEnd;

        Releasing(ExportStream stream, Runnable release, ExportOutcomes outcomes) {
            this.stream = stream;
            this.release = release;
            this.outcomes = outcomes;
        }

        @Override
        public int read(ByteBuffer target) throws IOException {
            int read = stream.read(target);
            reachedEnd |= read < 0;
            return read;
        }

        @Override
        public boolean isOpen() {
            return stream.isOpen();
        }

        @Override
        public void close() throws IOException {
            try {
                stream.close();
            } finally {
                release.run();
                if (reachedEnd) {
                    outcomes.completed();
                } else if (stream.cancelledByEngine()) {
                    outcomes.cancelled();
                } else {
                    outcomes.abandoned();
                }
            }
        }
    }
}
