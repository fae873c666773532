package dev.tally.api.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** {@code GET /api/v1/exports/{id}}: the job as asked, its progress and its manifest (finished files so far). */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record ExportJobView(String id, String status, String format, String compression, String partition, String time_zone,
                     String start, String end, String ingested_until, long max_file_bytes, String created_at,
                     @Nullable String finished_at, @Nullable String error, Progress progress, List<ExportJobFile> files) {

    /**
     * @param eta_seconds estimated from this run's pace once it has finished a partition; {@code null} before
     *                    and once finished
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Progress(long rows, long bytes, int partitions_done, int partitions_total, @Nullable Long eta_seconds) {
    }
}
