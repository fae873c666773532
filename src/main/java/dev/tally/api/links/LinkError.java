package dev.tally.api.links;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

/** Tally's native error body. */
@Serdeable
record LinkError(Detail error) {
    static LinkError of(String code, String message) {
        return new LinkError(new Detail(code, message, "https://tally.dev/docs/errors#" + code));
    }

    @Serdeable
    record Detail(String code, String message, @JsonProperty("doc_url") String docUrl) {
    }
}
