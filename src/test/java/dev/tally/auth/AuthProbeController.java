package dev.tally.auth;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Test-only routes exercising the auth contracts (a workspace parameter, a scope, a plan, a body
 * workspace_id) without depending on any real surface. Only in the test contexts that name it.
 */
@Controller
@Requires(property = "spec.name", pattern = "AuthenticationTest|RateLimitTest|IsolationTest|MicronautErrorsTest|AuthBench")
final class AuthProbeController {

    @Get("/api/v1/probe/workspace")
    @Secured(Scope.ANALYTICS_READ_ROLE)
    ProbeResponse workspace(Workspace workspace) {
        return new ProbeResponse(workspace.id(), workspace.plan().publicName(), workspace.timeZone().getId());
    }

    @Get("/api/v1/probe/business")
    @Secured(Scope.ANALYTICS_READ_ROLE)
    @RequiresPlan(Plan.BUSINESS)
    ProbeResponse business(Workspace workspace) {
        return workspace(workspace);
    }

    @Post("/api/v1/probe/links")
    @Secured(Scope.LINKS_WRITE_ROLE)
    ProbeResponse write(Workspace workspace, @Body ProbeBody body) {
        WorkspaceGuard.requireOwn(workspace, body.workspace_id());
        return workspace(workspace);
    }

    /** Forgot its @Secured: denied to everyone. */
    @Get("/api/v1/probe/unsecured")
    ProbeResponse unsecured() {
        return new ProbeResponse("none", "none", "UTC");
    }

    /** A bug: its message must not reach the caller. */
    @Get("/api/v1/probe/bug")
    @Secured(SecurityRule.IS_ANONYMOUS)
    ProbeResponse bug() {
        throw new IllegalStateException("SELECT key_hash FROM api_keys failed");
    }

    @Get("/probe/anonymous")
    @Secured(SecurityRule.IS_ANONYMOUS)
    ProbeResponse anonymous() {
        return new ProbeResponse("none", "none", "UTC");
    }

    @Serdeable
    record ProbeResponse(String workspace_id, String plan, String time_zone) {
    }

    @Serdeable
    record ProbeBody(@Nullable String workspace_id) {
    }
}
