package dev.tally.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A bulk import as its checkpoint file records it. {@code linesDone} is the last line whose segment was
 * committed, {@code errorBytes} the length of the error report at that checkpoint (a resumed run cuts
 * the report back to it, so no line is reported twice); {@code runs} counts the runs begun (a run after
 * the first re-checks its first segment against stored events). Times are epoch milliseconds.
 */
@Serdeable
public record ImportState(
        String id,
        @JsonProperty("workspace_id") String workspaceId,
        ImportFormat format,
        ImportStatus status,
        @JsonProperty("rows_done") long rowsDone,
        @JsonProperty("rows_rejected") long rowsRejected,
        @JsonProperty("bytes_read") long bytesRead,
        @JsonProperty("body_bytes") long bodyBytes,
        @JsonProperty("lines_done") long linesDone,
        @JsonProperty("error_bytes") long errorBytes,
        int runs,
        @JsonProperty("started_at") long startedAt,
        @JsonProperty("finished_at") long finishedAt,
        @Nullable String message) {

    static ImportState started(String id, String workspaceId, ImportFormat format, long bodyBytes, long now) {
        return new ImportState(id, workspaceId, format, ImportStatus.RUNNING, 0, 0, 0, bodyBytes, 0, 0, 0, now, 0, null);
    }

    ImportState checkpoint(long rowsDone, long rowsRejected, long bytesRead, long linesDone, long errorBytes) {
        return new ImportState(id, workspaceId, format, status, rowsDone, rowsRejected, bytesRead, bodyBytes, linesDone, errorBytes,
                runs, startedAt, finishedAt, message);
    }

    ImportState newRun() {
        return new ImportState(id, workspaceId, format, ImportStatus.RUNNING, rowsDone, rowsRejected, bytesRead, bodyBytes, linesDone,
                errorBytes, runs + 1, startedAt, 0, null);
    }

    ImportState finished(ImportStatus status, @Nullable String message, long now) {
        return new ImportState(id, workspaceId, format, status, rowsDone, rowsRejected, bytesRead, bodyBytes, linesDone, errorBytes,
                runs, startedAt, now, message);
    }

    /** Lines handled (stored, found stored, or rejected) per second since the import began. */
    public long ratePerSecond(long now) {
        long end = finishedAt > 0 ? finishedAt : now;
        long millis = Math.max(1, end - startedAt);
        return (rowsDone + rowsRejected) * 1000 / millis;
    }
}
