package dev.tally.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MutableHttpResponse;

/**
 * A key's allowance after one request: what the {@code X-RateLimit-*} headers say.
 *
 * @param limit             requests per window
 * @param remaining         requests left in the current window
 * @param resetEpochSeconds when the window ends and the allowance is whole again (Unix seconds)
 * @param retryAfterSeconds set when this request was refused: seconds until one is accepted again
 */
public record RateLimitStatus(long limit, long remaining, long resetEpochSeconds, @Nullable Long retryAfterSeconds) {
    /** Request attribute holding the request's {@link RateLimitStatus} (only for requests with a valid key). */
    public static final String ATTRIBUTE = "tally.rateLimit";

    public static final String LIMIT_HEADER = "X-RateLimit-Limit";
    public static final String REMAINING_HEADER = "X-RateLimit-Remaining";
    public static final String RESET_HEADER = "X-RateLimit-Reset";

    public boolean allowed() {
        return retryAfterSeconds == null;
    }

    /** Sets the {@code X-RateLimit-*} headers on {@code response}. */
    public void applyTo(MutableHttpResponse<?> response) {
        response.getHeaders().set(LIMIT_HEADER, Long.toString(limit));
        response.getHeaders().set(REMAINING_HEADER, Long.toString(remaining));
        response.getHeaders().set(RESET_HEADER, Long.toString(resetEpochSeconds));
    }
}
