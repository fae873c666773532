package dev.tally.auth;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.List;
import java.util.Map;

/**
 * Micronaut Security's bearer-token validator for Tally: turns the request's {@link Credential} into an
 * {@link Authentication} whose name is the key id, whose roles are the key's scopes (so controllers
 * declare {@code @Secured(Scope.ANALYTICS_READ_ROLE)}), and whose {@link AuthenticatedWorkspace#ATTRIBUTE} attribute is the key's
 * {@link Workspace}. The admin token authenticates as {@link Roles#ADMIN} with no workspace. Anything else
 * authenticates nothing, and Micronaut Security answers 401 (or lets an anonymous route through).
 */
@Singleton
final class ApiKeyTokenValidator implements TokenValidator<HttpRequest<?>> {
    private static final String ADMIN_NAME = "admin";

    private final CredentialCache credentials;

    ApiKeyTokenValidator(CredentialCache credentials) {
        this.credentials = credentials;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        Credential credential = request == null ? credentials.resolve(token)
                // ApiKeyFilter resolved it already (off the event loop when ClickHouse had to be asked).
                : request.getAttribute(Credential.ATTRIBUTE, Credential.class).orElseGet(() -> credentials.resolve(token));
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
