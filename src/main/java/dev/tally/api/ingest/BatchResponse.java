package dev.tally.api.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.ingest.IngestResult;
import dev.tally.ingest.RejectedLine;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The answer to {@code POST /api/v1/events/batch}. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record BatchResponse(long accepted, long duplicates, @JsonProperty("rejected_count") long rejectedCount,
                     List<RejectedLine> rejected) {
    static BatchResponse of(IngestResult result) {
        return new BatchResponse(result.accepted(), result.duplicates(), result.rejectedCount(), result.rejected());
    }
}
