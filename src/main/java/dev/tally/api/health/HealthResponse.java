package dev.tally.api.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The health document: {@code status} up|down, the engine (embedded|server), its ClickHouse version. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record HealthResponse(String status, String engine, String version, @Nullable String error) {
}
