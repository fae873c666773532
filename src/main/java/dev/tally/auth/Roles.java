package dev.tally.auth;

/**
 * Micronaut Security roles besides the scopes ({@link Scope#ANALYTICS_READ_ROLE} etc.), which are the
 * roles an API key's authentication carries.
 */
public final class Roles {
    /** Held only by a request bearing the operator's admin token. */
    public static final String ADMIN = "tally:admin";

    private Roles() {
    }
}
