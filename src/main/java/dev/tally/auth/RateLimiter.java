package dev.tally.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Per-key rate limiting with Bucket4j: one in-memory bucket per key and plan, a fixed window of
 * {@link RateLimitConfiguration#period()} refilled whole ({@code refillIntervally}). Buckets live in this
 * instance's memory, so behind a load balancer each instance counts its own share; a shared count would
 * need one of Bucket4j's distributed back-ends.
 */
@Singleton
final class RateLimiter {
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final RateLimitConfiguration configuration;
    private final Cache<String, Bucket> buckets;

    RateLimiter(RateLimitConfiguration configuration) {
        this.configuration = configuration;
        // An idle key's bucket is full again after one window, so forgetting it then changes nothing.
        this.buckets = Caffeine.newBuilder().expireAfterAccess(configuration.period().multipliedBy(2)).build();
    }

    /** Takes one request from the key's allowance. */
    RateLimitStatus consume(ApiKey key, Plan plan) {
        long limit = configuration.limitFor(plan);
        // A plan change gives the key a fresh bucket of the new size (keyed by plan).
        Bucket bucket = buckets.get(key.id() + "/" + plan.publicName(), ignored -> newBucket(limit));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        long resetNanos = probe.isConsumed() ? probe.getNanosToWaitForReset() : probe.getNanosToWaitForRefill();
        Instant resetAt = Instant.now().plusNanos(resetNanos);
        long reset = resetAt.getEpochSecond() + (resetAt.getNano() == 0 ? 0 : 1);
        Long retryAfter = probe.isConsumed() ? null : Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill()));
        return new RateLimitStatus(limit, probe.getRemainingTokens(), reset, retryAfter);
    }

    private Bucket newBucket(long limit) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit).refillIntervally(limit, configuration.period()).build())
                .build();
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
    }
}
