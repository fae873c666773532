package dev.tally.api.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.ingest.RejectedLine;
import io.micronaut.core.annotation.Nullable;
import dev.tally.api.error.NativeErrorFormat;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** Tally's native error body; a batch none of whose lines was accepted lists them in {@code rejected}. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiError(Detail error, @Nullable List<RejectedLine> rejected) {
    static ApiError of(String code, String message) {
        return new ApiError(new Detail(code, message, NativeErrorFormat.DOC_URL + "-" + code), null);
    }

    @Serdeable
    record Detail(String code, String message, @JsonProperty("doc_url") String docUrl) {
    }
}
