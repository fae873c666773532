package dev.tally.api.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.ingest.ImportState;
import dev.tally.ingest.ImportStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code GET /api/v1/events/import/{id}}: the POST answer plus the rate, the error report's path, the
 * body's size as sent and, for a failed import, why.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record ImportStatusResponse(String id, ImportStatus status, @JsonProperty("rows_done") long rowsDone,
                            @JsonProperty("rows_rejected") long rowsRejected, @JsonProperty("bytes_read") long bytesRead,
                            @JsonProperty("bytes_total") long bytesTotal, @JsonProperty("rate_per_second") long ratePerSecond,
                            @JsonProperty("error_report") String errorReport, @Nullable String message) {
    static ImportStatusResponse of(ImportState state, long now) {
        return new ImportStatusResponse(state.id(), state.status(), state.rowsDone(), state.rowsRejected(), state.bytesRead(),
                state.bodyBytes(), state.ratePerSecond(now), "/api/v1/events/import/" + state.id() + "/errors", state.message());
    }
}
