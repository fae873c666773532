package dev.tally.auth;

/** Published (synchronously) once a key is revoked, for what lives only as long as a workspace's keys. */
public record ApiKeyRevoked(ApiKey key) {
}
