package dev.tally.auth;

/** A key went over its allowance; rendered as 429 with {@code Retry-After} in the surface's error format. */
public final class RateLimitExceededException extends RuntimeException {
    private final RateLimitStatus status;

    RateLimitExceededException(RateLimitStatus status) {
        super("rate limit exceeded", null, false, false);
        this.status = status;
    }

    public RateLimitStatus status() {
        return status;
    }
}
