package dev.tally.auth;

import java.util.Optional;

/**
 * What an API key may do. The scope's public name is also the Micronaut Security role a key's
 * authentication carries, so controllers declare {@code @Secured(Scope.ANALYTICS_READ_ROLE)}.
 */
public enum Scope {
    ANALYTICS_READ(Scope.ANALYTICS_READ_ROLE),
    EVENTS_WRITE(Scope.EVENTS_WRITE_ROLE),
    LINKS_WRITE(Scope.LINKS_WRITE_ROLE),
    /** The BI endpoint: read-only SQL over the workspace's views (the key is the ClickHouse password). */
    BI_READ(Scope.BI_READ_ROLE);

    public static final String ANALYTICS_READ_ROLE = "analytics:read";
    public static final String EVENTS_WRITE_ROLE = "events:write";
    public static final String LINKS_WRITE_ROLE = "links:write";
    public static final String BI_READ_ROLE = "bi:read";

    private final String publicName;

    Scope(String publicName) {
        this.publicName = publicName;
    }

    public String publicName() {
        return publicName;
    }

    public static Optional<Scope> fromPublicName(String name) {
        for (Scope scope : values()) {
            if (scope.publicName.equals(name)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
