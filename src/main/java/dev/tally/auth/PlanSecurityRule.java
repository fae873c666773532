package dev.tally.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecuredAnnotationRule;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.Optional;

/**
 * Enforces {@link RequiresPlan}: rejects an authenticated workspace whose plan is below the route's, and
 * records the plan needed ({@link RequiresPlan#REJECTED_ATTRIBUTE} request attribute) for the 403 message. Runs before
 * {@link SecuredAnnotationRule}, which would otherwise allow the request on its scope alone; says nothing
 * (UNKNOWN) for anonymous requests, so they still get 401.
 */
@Singleton
final class PlanSecurityRule implements SecurityRule<HttpRequest<?>> {
    @Override
    public Publisher<SecurityRuleResult> check(@Nullable HttpRequest<?> request, @Nullable Authentication authentication) {
        if (request == null || authentication == null) {
            return Publishers.just(SecurityRuleResult.UNKNOWN);
        }
        Optional<Plan> required = RouteAttributes.getRouteMatch(request)
                .flatMap(route -> ((RouteMatch<?>) route).getAnnotationMetadata().enumValue(RequiresPlan.class, Plan.class));
        if (required.isEmpty()) {
            return Publishers.just(SecurityRuleResult.UNKNOWN);
        }
        Optional<Workspace> workspace = AuthenticatedWorkspace.of(authentication);
        if (workspace.isPresent() && workspace.get().plan().includes(required.get())) {
            return Publishers.just(SecurityRuleResult.UNKNOWN);
        }
        if (workspace.isPresent()) {
            request.setAttribute(RequiresPlan.REJECTED_ATTRIBUTE, required.get());
        }
        // Tricky: a credential without a workspace (the admin token) is rejected too; it has no plan.
        return Publishers.just(SecurityRuleResult.REJECTED);
    }

    @Override
    public int getOrder() {
        return SecuredAnnotationRule.ORDER - 100;
    }
}
