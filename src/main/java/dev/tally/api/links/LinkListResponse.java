package dev.tally.api.links;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One page of links; {@code has_more} says whether another page may follow. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record LinkListResponse(List<LinkResponse> links, int page, @JsonProperty("page_size") int pageSize,
                        @JsonProperty("has_more") boolean hasMore) {
}
