package dev.tally.api.error;

import dev.tally.auth.AuthenticatedWorkspace;
import dev.tally.auth.Credential;
import dev.tally.auth.Plan;
import dev.tally.auth.RequiresPlan;
import dev.tally.auth.Roles;
import dev.tally.auth.Workspace;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;

/**
 * Micronaut Security's rejections, in the requesting surface's error format with a precise message:
 * 401 for a missing or malformed header and an unknown, malformed or revoked key; 403 for a key without
 * the route's scope, a workspace below the route's {@link RequiresPlan plan}, or the wrong kind of
 * credential (a workspace key on the admin API, the admin token on a workspace route).
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
final class SecurityRejectionHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {
    private final ErrorFormats formats;

    SecurityRejectionHandler(ErrorFormats formats) {
        this.formats = formats;
    }

    @Override
    @SuppressWarnings("rawtypes") // the interface declares a raw HttpRequest
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        if (exception.isForbidden()) {
            return formats.respond(request, new ApiError(ErrorCode.FORBIDDEN, forbidden(request, exception.getAuthentication())));
        }
        return formats.respond(request, new ApiError(ErrorCode.UNAUTHORIZED, unauthorized(request)))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }

    private static String unauthorized(HttpRequest<?> request) {
        Optional<Credential> credential = request.getAttribute(Credential.ATTRIBUTE, Credential.class);
        if (credential.isEmpty()) {
            return request.getHeaders().contains(HttpHeaders.AUTHORIZATION)
                    ? "Malformed Authorization header: expected 'Bearer <API key>'."
                    : "Missing API key: send it as 'Authorization: Bearer <API key>'.";
        }
        return switch (credential.get()) {
            case Credential.Malformed malformed -> "Malformed API key: Tally API keys start with tly_live_.";
            case Credential.Unknown unknown -> "Unknown API key.";
            case Credential.Revoked revoked -> "This API key has been revoked.";
            // Authenticated credentials reach here only when a rule rejected them without authentication.
            case Credential.Valid valid -> "This request needs authentication.";
            case Credential.Admin admin -> "This request needs authentication.";
        };
    }

    private static String forbidden(HttpRequest<?> request, @Nullable Authentication authentication) {
        Optional<Plan> plan = request.getAttribute(RequiresPlan.REJECTED_ATTRIBUTE, Plan.class);
        Optional<Workspace> workspace = authentication == null ? Optional.empty() : AuthenticatedWorkspace.of(authentication);
        if (plan.isPresent() && workspace.isPresent()) {
            return "This endpoint needs the " + plan.get().publicName() + " plan or higher; this workspace is on the "
                    + workspace.get().plan().publicName() + " plan.";
        }
        List<String> roles = RouteAttributes.getRouteMatch(request)
                .map(route -> List.of(((RouteMatch<?>) route).getAnnotationMetadata().stringValues(Secured.class)))
                .orElse(List.of());
        if (roles.contains(Roles.ADMIN)) {
            return "This endpoint needs the admin token.";
        }
        if (workspace.isEmpty()) {
            return "This endpoint needs a workspace API key; the admin token acts for no workspace.";
        }
        if (roles.isEmpty()) {
            // A route without @Secured is denied to everyone (see dev.tally.auth's package documentation).
            return "This endpoint is not open to API keys.";
        }
        return "This API key lacks the scope this endpoint needs: " + String.join(" or ", roles) + ".";
    }
}
