package dev.tally.auth;

import io.micronaut.security.authentication.Authentication;

import java.util.Optional;

/** Where an API key's {@link Authentication} carries its {@link Workspace}. */
public final class AuthenticatedWorkspace {
    /** Authentication attribute holding the caller's {@link Workspace}; absent for the admin token. */
    public static final String ATTRIBUTE = "tally.workspace";

    private AuthenticatedWorkspace() {
    }

    public static Optional<Workspace> of(Authentication authentication) {
        return authentication.getAttributes().get(ATTRIBUTE) instanceof Workspace workspace
                ? Optional.of(workspace) : Optional.empty();
    }
}
