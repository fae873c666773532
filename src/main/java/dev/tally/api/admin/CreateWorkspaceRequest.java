package dev.tally.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code POST /api/v1/workspaces}: raw strings, checked by {@link AdminInput}. */
@Serdeable
record CreateWorkspaceRequest(@Nullable String name,
                              @Nullable @JsonProperty("organization_id") String organizationId,
                              @Nullable String plan,
                              @Nullable @JsonProperty("time_zone") String timeZone) {
}
