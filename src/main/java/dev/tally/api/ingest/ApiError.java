package dev.tally.api.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tally.api.error.NativeErrorBody;
import dev.tally.ingest.RejectedLine;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** Tally's native error body; a batch none of whose lines was accepted lists them in {@code rejected}. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiError(NativeErrorBody.Detail error, @Nullable List<RejectedLine> rejected) {
    static ApiError of(String code, String message) {
        return new ApiError(NativeErrorBody.Detail.of(code, message), null);
    }
}
