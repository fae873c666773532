package dev.tally.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.auth.Workspace;
import dev.tally.auth.WorkspaceRecord;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** A workspace as the admin API shows it. */
@Serdeable
record WorkspaceResponse(String id,
                         @JsonProperty("organization_id") String organizationId,
                         String name,
                         String plan,
                         @JsonProperty("time_zone") String timeZone,
                         @JsonProperty("created_at") Instant createdAt,
                         @JsonProperty("updated_at") Instant updatedAt) {
    static WorkspaceResponse from(WorkspaceRecord record) {
        Workspace workspace = record.workspace();
        return new WorkspaceResponse(workspace.id(), workspace.organizationId(), workspace.name(),
                workspace.plan().publicName(), workspace.timeZone().getId(), record.createdAt(), record.updatedAt());
    }
}
