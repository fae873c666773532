package dev.tally.auth;

/**
 * What a request's bearer token turned out to be. Resolved once per request (by {@link ApiKeyFilter}) and
 * kept as a request attribute ({@link #ATTRIBUTE}) so authentication, rate limiting and the 401 message
 * all agree.
 */
public sealed interface Credential {
    /** Request attribute holding the request's {@link Credential}; absent when no bearer token was sent. */
    String ATTRIBUTE = "tally.credential";

    /** A live key of an existing workspace. */
    record Valid(ApiKey key, Workspace workspace) implements Credential {
    }

    /** The operator's admin token. */
    record Admin() implements Credential {
    }

    /** Not the shape of a Tally key ({@code tly_live_…}) and not the admin token. */
    record Malformed() implements Credential {
    }

    /** Well-formed, but no such key (or its workspace is gone). */
    record Unknown() implements Credential {
    }

    /** A key that was revoked. */
    record Revoked() implements Credential {
    }
}
