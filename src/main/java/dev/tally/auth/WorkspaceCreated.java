package dev.tally.auth;

/** Published (synchronously) once a new workspace is stored, for what must exist with every workspace. */
public record WorkspaceCreated(String workspaceId) {
}
