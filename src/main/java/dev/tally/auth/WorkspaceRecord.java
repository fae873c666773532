package dev.tally.auth;

import java.time.Instant;
import java.util.Objects;

/** A workspace with its bookkeeping times, as the admin API shows it. */
public record WorkspaceRecord(Workspace workspace, Instant createdAt, Instant updatedAt) {
    public WorkspaceRecord {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
