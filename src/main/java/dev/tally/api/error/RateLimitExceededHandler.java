package dev.tally.api.error;

import dev.tally.auth.RateLimitExceededException;
import dev.tally.auth.RateLimitStatus;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

/** 429 with {@code Retry-After} and the {@code X-RateLimit-*} headers, in the surface's error format. */
@Singleton
final class RateLimitExceededHandler extends SurfaceExceptionHandler<RateLimitExceededException> {
    RateLimitExceededHandler(ErrorFormats formats) {
        super(formats);
    }

    @Override
    protected ApiError error(RateLimitExceededException exception) {
        RateLimitStatus status = exception.status();
        long retryAfter = status.retryAfterSeconds() == null ? 1 : status.retryAfterSeconds();
        return new ApiError(ErrorCode.RATE_LIMITED, "Rate limit exceeded: " + status.limit() + " requests per window for this API key; retry after "
                + retryAfter + (retryAfter == 1 ? " second." : " seconds."), retryAfter);
    }

    @Override
    @SuppressWarnings("rawtypes") // the interface declares a raw HttpRequest
    public MutableHttpResponse<?> handle(HttpRequest request, RateLimitExceededException exception) {
        MutableHttpResponse<?> response = super.handle(request, exception);
        exception.status().applyTo(response);
        return response;
    }
}
