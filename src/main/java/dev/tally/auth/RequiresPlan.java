package dev.tally.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller or route as needing at least this plan, e.g. {@code @RequiresPlan(Plan.BUSINESS)} on
 * {@code GET /api/v1/events}. Checked by {@link PlanSecurityRule} after authentication: a workspace on a
 * lower plan gets 403 in the surface's error format, naming the plan needed. Use together with
 * {@code @Secured(scope)}, which still decides the scope.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresPlan {
    /** Request attribute holding the {@link Plan} a request was refused for lacking. */
    String REJECTED_ATTRIBUTE = "tally.requiredPlan";

    Plan value();
}
