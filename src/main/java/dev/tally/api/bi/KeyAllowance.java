package dev.tally.api.bi;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tally.bi.BiError;
import dev.tally.bi.BiRefusal;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-key and overall limits of the BI endpoint: requests per minute (Bucket4j, a fixed window like the
 * REST API's) and statements running at once. Beyond either the answer is ClickHouse's
 * {@code TOO_MANY_SIMULTANEOUS_QUERIES} (Code 202, HTTP 429), which BI tools show as such.
 */
@Singleton
final class KeyAllowance {
    private final BiConfiguration configuration;
    private final Cache<String, Bucket> requests;
    private final Cache<String, Semaphore> running;
    private final Semaphore overall;

    KeyAllowance(BiConfiguration configuration) {
        this.configuration = configuration;
        this.requests = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(2)).build();
        this.running = Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1)).build();
        this.overall = new Semaphore(configuration.maxConcurrentQueries());
    }

    /** Counts one request of the key. */
    void request(String keyId) {
        Bucket bucket = requests.get(keyId, ignored -> Bucket.builder().addLimit(Bandwidth.builder()
                .capacity(configuration.requestsPerMinute())
                .refillIntervally(configuration.requestsPerMinute(), Duration.ofMinutes(1)).build()).build());
        if (!bucket.tryConsume(1)) {
            throw new BiRefusal(BiError.TOO_MANY_SIMULTANEOUS_QUERIES, "Too many requests for this key: at most "
                    + configuration.requestsPerMinute() + " a minute");
        }
    }

    /** Takes a running-statement slot of the key; the returned permit gives it back. */
    Permit statement(String keyId) {
        Semaphore ofKey = running.get(keyId, ignored -> new Semaphore(configuration.concurrentQueriesPerKey()));
        if (!ofKey.tryAcquire()) {
            throw new BiRefusal(BiError.TOO_MANY_SIMULTANEOUS_QUERIES, "Too many simultaneous queries for this key."
                    + " Maximum: " + configuration.concurrentQueriesPerKey());
        }
        if (!overall.tryAcquire()) {
            ofKey.release();
            throw new BiRefusal(BiError.TOO_MANY_SIMULTANEOUS_QUERIES, "Too many simultaneous queries. Maximum: "
                    + configuration.maxConcurrentQueries());
        }
        return () -> {
            overall.release();
            ofKey.release();
        };
    }

    @FunctionalInterface
    interface Permit {
        void release();
    }

    /** {@code permit}, released at most once however often {@link Permit#release} is called. */
    static Permit once(Permit permit) {
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                permit.release();
            }
        };
    }
}
