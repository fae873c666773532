package dev.tally.api.bi;

import dev.tally.auth.Credential;
import dev.tally.auth.CredentialCache;
import dev.tally.auth.Scope;
import dev.tally.bi.BiError;
import dev.tally.bi.BiRefusal;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Who a BI request is: the password (HTTP Basic, the driver's default; or {@code X-ClickHouse-Key}; or
 * the {@code password} URL parameter) is a Tally API key with {@code bi:read}, resolved through the same
 * credential cache as every other request. The user name is informational.
 */
@Singleton
final class BiCredentials {
    private final CredentialCache credentials;

    BiCredentials(CredentialCache credentials) {
        this.credentials = credentials;
    }

    Credential.Valid authenticate(ClickHouseRequest request) {
        String password = password(request);
        if (password == null || password.isEmpty()) {
            throw new BiRefusal(BiError.AUTHENTICATION_FAILED,
                    "Authentication failed: send a Tally API key with the bi:read scope as the password");
        }
        if (!(credentials.resolve(password) instanceof Credential.Valid valid)) {
            throw new BiRefusal(BiError.AUTHENTICATION_FAILED,
                    "Authentication failed: password is incorrect, or the API key is unknown or revoked");
        }
        if (!valid.key().scopes().contains(Scope.BI_READ)) {
            throw new BiRefusal(BiError.ACCESS_DENIED, "the API key lacks the bi:read scope");
        }
        return valid;
    }

    private static String password(ClickHouseRequest request) {
        String authorization = request.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        String key = request.header("X-ClickHouse-Key");
        return key != null ? key : request.parameters().get("password");
    }
}
