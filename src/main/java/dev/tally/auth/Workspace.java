package dev.tally.auth;

import java.time.ZoneId;
import java.util.Objects;

/**
 * The tenant a request acts for. Resolved from the request's credential only (never from a parameter
 * or body field); every query and write is confined to it.
 *
 * @param id             {@code ws_…}
 * @param organizationId the organization that holds several workspaces
 * @param name           display name
 * @param plan           decides features (e.g. the events list needs {@link Plan#BUSINESS}) and rate limits
 * @param timeZone       default time zone of analytics answers (IANA)
 */
public record Workspace(String id, String organizationId, String name, Plan plan, ZoneId timeZone) {
    public Workspace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(timeZone, "timeZone");
    }
}
