package dev.tally.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Per client address allowance of failed look-ups (unknown keys, unknown short links), so that guessing
 * cannot turn into an unlimited stream of engine queries (issue 11, defect 8). One Bucket4j bucket per
 * address, refilled gradually over {@link FailureLimitConfiguration#period()}; an address that never fails
 * is never limited. Counted per Tally instance, like the key limits.
 */
@Singleton
public final class FailureLimiter {
    private final FailureLimitConfiguration configuration;
    private final Cache<String, Bucket> buckets;

    FailureLimiter(FailureLimitConfiguration configuration) {
        this.configuration = configuration;
        // A bucket left alone for a whole period is full again: forgetting it then changes nothing.
        this.buckets = Caffeine.newBuilder().expireAfterAccess(configuration.period()).maximumSize(1_000_000).build();
    }

    /** The address failures are counted against: the peer, or the first {@code X-Forwarded-For} entry when trusted. */
    public String clientAddress(HttpRequest<?> request) {
        if (configuration.trustForwardedFor()) {
            String forwarded = request.getHeaders().get("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                int comma = forwarded.indexOf(',');
                return (comma < 0 ? forwarded : forwarded.substring(0, comma)).strip();
            }
        }
        return request.getRemoteAddress().getAddress().getHostAddress();
    }

    /** Empty while the address may still fail; else the 429 to answer instead of looking anything up. */
    public java.util.Optional<RateLimitStatus> refusal(String address) {
        Bucket bucket = buckets.getIfPresent(address);
        if (bucket == null || bucket.getAvailableTokens() > 0) {
            return java.util.Optional.empty();
        }
        long waitNanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos) + 1);
        return java.util.Optional.of(new RateLimitStatus(configuration.limit(), 0,
                Instant.now().plusSeconds(retryAfter).getEpochSecond(), retryAfter));
    }

    /** Counts one failed look-up against the address. */
    public void recordFailure(String address) {
        buckets.get(address, ignored -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(configuration.limit())
                        .refillGreedy(configuration.limit(), configuration.period()).build())
                .build()).tryConsume(1);
    }
}
