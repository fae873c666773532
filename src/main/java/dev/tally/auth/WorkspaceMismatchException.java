package dev.tally.auth;

/** A request named a workspace other than its key's; see {@link WorkspaceGuard}. Rendered as 403. */
public final class WorkspaceMismatchException extends RuntimeException {
    WorkspaceMismatchException(String message) {
        super(message, null, false, false);
    }
}
