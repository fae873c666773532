package dev.tally.sql;

/**
 * The one way a statement is confined to a workspace: the id (always the credential's) bound once, and the
 * predicate {@code workspace_id = {pN:String}} built from it wherever the statement reads a tenant table.
 *
 * @param placeholder the bound id's placeholder, e.g. {@code {p1:String}}
 */
public record WorkspaceScope(String placeholder) {
    public static WorkspaceScope bind(Parameters parameters, String workspaceId) {
        return new WorkspaceScope(parameters.bind(Param.string(workspaceId)));
    }

    /** {@code workspace_id = {pN:String}}. */
    public String predicate() {
        return "workspace_id = " + placeholder;
    }
}
