package dev.tally.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code PATCH /api/v1/workspaces/{id}}: only the fields given change. */
@Serdeable
record UpdateWorkspaceRequest(@Nullable String name,
                              @Nullable String plan,
                              @Nullable @JsonProperty("time_zone") String timeZone) {
}
