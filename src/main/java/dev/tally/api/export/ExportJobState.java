package dev.tally.api.export;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * A job's persisted progress ({@code manifest.json}), rewritten atomically after every finished partition:
 * a crash loses at most the partition being written, and resuming starts after the last one listed.
 *
 * @param status {@code running} (queued or writing), {@code completed} or {@code failed}
 */
@Serdeable
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
record ExportJobState(String status, List<ExportJobFile> files, @Nullable String error, @Nullable String finished_at) {
    static final String RUNNING = "running";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";

    ExportJobState {
        files = files == null ? List.of() : List.copyOf(files);
    }

    static ExportJobState fresh() {
        return new ExportJobState(RUNNING, List.of(), null, null);
    }

    ExportJobState with(List<ExportJobFile> more) {
        List<ExportJobFile> all = new java.util.ArrayList<>(files);
        all.addAll(more);
        return new ExportJobState(status, all, error, finished_at);
    }

    boolean finished() {
        return !status.equals(RUNNING);
    }
}
