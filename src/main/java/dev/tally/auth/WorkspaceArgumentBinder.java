package dev.tally.auth;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Binds a controller parameter of type {@link Workspace} to the workspace of the request's API key — the
 * only way a controller learns which workspace it acts for:
 *
 * <pre>{@code
 * @Get("/api/v1/analytics")
 * @Secured(Scope.ANALYTICS_READ_ROLE)
 * AnalyticsResponse analytics(Workspace workspace, @RequestBean AnalyticsParams params) { … }
 * }</pre>
 *
 * Never take a workspace id from a parameter or body; when a body carries one, check it with
 * {@link WorkspaceGuard#requireOwn}.
 */
@Singleton
final class WorkspaceArgumentBinder implements TypedRequestArgumentBinder<Workspace> {
    @Override
    public Argument<Workspace> argumentType() {
        return Argument.of(Workspace.class);
    }

    @Override
    public BindingResult<Workspace> bind(ArgumentConversionContext<Workspace> context, HttpRequest<?> source) {
        Optional<Workspace> workspace = source.getUserPrincipal(Authentication.class).flatMap(AuthenticatedWorkspace::of);
        return workspace.isPresent() ? () -> workspace : BindingResult.unsatisfied();
    }
}
