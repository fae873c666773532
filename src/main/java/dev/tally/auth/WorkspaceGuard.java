package dev.tally.auth;

import io.micronaut.core.annotation.Nullable;

/**
 * The check for request bodies that name a workspace (e.g. {@code workspace_id} in {@code POST
 * /v1/analytics}): the workspace comes from the credential only, so a body naming any other workspace is
 * refused with 403 (whether that workspace exists or not, so the answer reveals nothing), never honoured.
 */
public final class WorkspaceGuard {
    private WorkspaceGuard() {
    }

    /**
     * Passes when {@code requestedWorkspaceId} is absent or names {@code workspace}; otherwise throws
     * {@link WorkspaceMismatchException}, which every surface renders as 403 in its own error format.
     */
    public static void requireOwn(Workspace workspace, @Nullable Object requestedWorkspaceId) {
        if (requestedWorkspaceId == null || workspace.id().equals(requestedWorkspaceId.toString())) {
            return;
        }
        throw new WorkspaceMismatchException("workspace_id must be the API key's own workspace (" + workspace.id()
                + "); a key cannot act for another workspace.");
    }
}
