package dev.tally.api.links;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.api.error.NativeErrorFormat;
import io.micronaut.serde.annotation.Serdeable;

/** Tally's native error body. */
@Serdeable
record LinkError(Detail error) {
    static LinkError of(String code, String message) {
        return new LinkError(new Detail(code, message, NativeErrorFormat.DOC_URL + "-" + code));
    }

    @Serdeable
    record Detail(String code, String message, @JsonProperty("doc_url") String docUrl) {
    }
}
