package dev.tally.api.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.ingest.ImportState;
import dev.tally.ingest.ImportStatus;
import io.micronaut.serde.annotation.Serdeable;

/** The answer to {@code POST /api/v1/events/import} (202). */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record ImportResponse(String id, ImportStatus status, @JsonProperty("rows_done") long rowsDone,
                      @JsonProperty("rows_rejected") long rowsRejected, @JsonProperty("bytes_read") long bytesRead) {
    static ImportResponse of(ImportState state) {
        return new ImportResponse(state.id(), state.status(), state.rowsDone(), state.rowsRejected(), state.bytesRead());
    }
}
