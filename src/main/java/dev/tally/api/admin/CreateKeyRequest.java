package dev.tally.api.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** {@code POST /api/v1/workspaces/{id}/keys}: a name and the scopes' public names. */
@Serdeable
record CreateKeyRequest(@Nullable String name, @Nullable List<String> scopes) {
}
