/**
 * Workspaces, API keys and request security: the only place a request's workspace comes from.
 *
 * <h2>Contracts for controllers</h2>
 * <ul>
 *   <li><b>Who may call a route</b>: every route says so with {@code @Secured}; a route without it is
 *       denied. Workspace routes name their scope, {@code @Secured(Scope.ANALYTICS_READ_ROLE)} (or
 *       {@code EVENTS_WRITE_ROLE}, {@code LINKS_WRITE_ROLE}; several = any of them). Public routes (the
 *       short-link redirect {@code GET /{key}}, {@code /health}) say {@code @Secured(SecurityRule.IS_ANONYMOUS)}.
 *       The admin API says {@code @Secured(Roles.ADMIN)}.</li>
 *   <li><b>The caller's workspace</b>: declare a parameter {@code Workspace workspace}
 *       ({@link dev.tally.auth.WorkspaceArgumentBinder} fills it from the API key). Never read a
 *       workspace id from a parameter or body; when a body carries one, call
 *       {@link dev.tally.auth.WorkspaceGuard#requireOwn} (403 for any other id, existing or not).</li>
 *   <li><b>Plans</b>: {@code @RequiresPlan(Plan.BUSINESS)} on a route or controller refuses lower plans
 *       with 403 ({@link dev.tally.auth.PlanSecurityRule}).</li>
 *   <li><b>Ids of other workspaces</b>: look every id up within {@code workspace.id()} and answer an id of
 *       another workspace exactly like an unknown one (404 via {@code ApiException.notFound}).</li>
 *   <li><b>Tests</b>: {@code support/TestWorkspaces} makes a workspace and key in one call; add a row to
 *       {@code IsolationTest.endpoints()} for each endpoint that takes a workspace-owned id.</li>
 * </ul>
 *
 * <h2>How a request is authenticated</h2>
 * {@link dev.tally.auth.ApiKeyFilter} (just before Micronaut Security) reads the bearer token, resolves it
 * to a {@link dev.tally.auth.Credential} through {@link dev.tally.auth.CredentialCache} (memory; ClickHouse
 * only on a miss, off the event loop) and counts the request against the key's Bucket4j allowance (429 when
 * spent; {@code X-RateLimit-*} on every answer to a known key). {@link dev.tally.auth.ApiKeyAuthenticationFetcher}
 * turns the credential into Micronaut Security's {@code Authentication} (roles = scopes, attribute =
 * workspace); Micronaut Security's rules then decide 401/403, rendered by {@code api.error}.
 *
 * <h2>Keys</h2>
 * {@code tly_live_} + 256 random bits; only the SHA-256 is stored (table {@code api_keys}, migration 0010);
 * the secret is returned once, at creation. Revocation takes effect at once on the instance that revoked
 * and within about one second (the poll interval) on every other instance on the same ClickHouse.
 */
package dev.tally.auth;
