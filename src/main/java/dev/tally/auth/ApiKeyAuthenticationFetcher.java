package dev.tally.auth;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import io.micronaut.security.token.TokenAuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.List;
import java.util.Map;

/**
 * Micronaut Security's authentication for Tally: turns the request's {@link Credential} (resolved from
 * its bearer token by {@link ApiKeyFilter}) into an {@link Authentication} whose name is the key id, whose
 * roles are the key's scopes (so controllers declare {@code @Secured(Scope.ANALYTICS_READ_ROLE)}), and
 * whose {@link AuthenticatedWorkspace#ATTRIBUTE} attribute is the key's {@link Workspace}. The admin token
 * authenticates as {@link Roles#ADMIN} with no workspace. Anything else authenticates nothing, and
 * Micronaut Security answers 401 (or lets an anonymous route through).
 *
 * <p>Replaces Micronaut's {@link TokenAuthenticationFetcher}. Tricky: that fetcher publishes a
 * {@code TokenValidatedEvent} whose source is the raw token, and Micronaut logs every published event at
 * DEBUG, so with DEBUG logging on the secret of every request would reach the log.
 */
@Singleton
@Replaces(TokenAuthenticationFetcher.class)
final class ApiKeyAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {
    private static final String ADMIN_NAME = "admin";

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        return request.getAttribute(Credential.ATTRIBUTE, Credential.class)
                .map(ApiKeyAuthenticationFetcher::authentication)
                .orElseGet(Publishers::empty);
    }

    private static Publisher<Authentication> authentication(Credential credential) {
        return switch (credential) {
            case Credential.Valid valid -> Publishers.just(Authentication.build(valid.key().id(),
                    valid.key().scopes().stream().map(Scope::publicName).sorted().toList(),
                    Map.of(AuthenticatedWorkspace.ATTRIBUTE, valid.workspace())));
            case Credential.Admin admin -> Publishers.just(Authentication.build(ADMIN_NAME, List.of(Roles.ADMIN)));
            case Credential.Malformed malformed -> Publishers.empty();
            case Credential.Unknown unknown -> Publishers.empty();
            case Credential.Revoked revoked -> Publishers.empty();
        };
    }
}
