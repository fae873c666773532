package dev.tally.auth;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.token.reader.TokenResolver;
import jakarta.inject.Named;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Runs just before Micronaut Security on every request that carries a bearer token: resolves the token
 * to a {@link Credential} once (from {@link CredentialCache}, on the IO pool when ClickHouse must be
 * asked, never on the event loop) and stores it for {@link ApiKeyAuthenticationFetcher}; then takes one request
 * from a valid key's allowance ({@link RateLimiter}), refusing with {@link RateLimitExceededException}
 * (429) when it is spent. Counting before authorization means requests refused for scope or plan count
 * too, and answer with the rate-limit headers like every other response to a known key.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class ApiKeyFilter implements Ordered {
    private final TokenResolver<HttpRequest<?>> tokens;
    private final CredentialCache credentials;
    private final RateLimiter rateLimiter;
    private final FailureLimiter failures;
    private final ExecutorService io;

    ApiKeyFilter(TokenResolver<HttpRequest<?>> tokens, CredentialCache credentials, RateLimiter rateLimiter,
                 FailureLimiter failures, @Named(TaskExecutors.IO) ExecutorService io) {
        this.tokens = tokens;
        this.credentials = credentials;
        this.rateLimiter = rateLimiter;
        this.failures = failures;
        this.io = io;
    }

    /**
     * Tricky: completes with the request itself, not {@code null}: a future that completes with null on
     * another thread is taken by Micronaut as "no response" (an empty 503), while the same request means
     * "proceed".
     */
    @RequestFilter
    CompletableFuture<HttpRequest<?>> resolve(HttpRequest<?> request) {
        Optional<String> token = tokens.resolveTokens(request).stream().findFirst();
        if (token.isEmpty()) {
            return CompletableFuture.completedFuture(request);
        }
        String address = failures.clientAddress(request);
        Optional<Credential> cached = credentials.resolveCached(token.get());
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(admit(request, address, cached.get()));
        }
        // Only a look-up that would reach the engine is refused: known keys keep working from memory.
        Optional<RateLimitStatus> refusal = failures.refusal(address);
        if (refusal.isPresent()) {
            return CompletableFuture.failedFuture(new RateLimitExceededException(refusal.get()));
        }
        return CompletableFuture.supplyAsync(() -> admit(request, address, credentials.resolve(token.get())), io);
    }

    @ResponseFilter
    void rateLimitHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(RateLimitStatus.ATTRIBUTE, RateLimitStatus.class)
                .ifPresent(status -> status.applyTo(response));
    }

    private HttpRequest<?> admit(HttpRequest<?> request, String address, Credential credential) {
        request.setAttribute(Credential.ATTRIBUTE, credential);
        if (!(credential instanceof Credential.Valid) && !(credential instanceof Credential.Admin)) {
            failures.recordFailure(address);
        }
        if (credential instanceof Credential.Valid valid) {
            RateLimitStatus status = rateLimiter.consume(valid.key(), valid.workspace().plan());
            request.setAttribute(RateLimitStatus.ATTRIBUTE, status);
            if (!status.allowed()) {
                throw new RateLimitExceededException(status);
            }
        }
        return request;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }
}
