package dev.tally.auth;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pins the auth defaults (property names are exercised by the tests that override them). */
@MicronautTest
class AuthConfigurationTest {
    @Inject
    AuthConfiguration auth;

    @Inject
    RateLimitConfiguration rateLimit;

    @Inject
    AdminConfiguration admin;

    @Test
    void defaults() {
        assertThat(auth.cacheTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(auth.revocationPollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(auth.revocationPollOverlap()).isEqualTo(Duration.ofSeconds(60));
        assertThat(rateLimit.limit()).isEqualTo(1000);
        assertThat(rateLimit.period()).isEqualTo(Duration.ofMinutes(1));
        for (Plan plan : Plan.values()) {
            assertThat(rateLimit.limitFor(plan)).isEqualTo(1000);
        }
        assertThat(admin.enabled()).isFalse();
    }

    @Test
    void aPlanLimitOverridesTheDefaultForThatPlanOnly() {
        RateLimitConfiguration configuration = new RateLimitConfiguration(1000, Duration.ofMinutes(1), null, 2000L, null, 10_000L);
        assertThat(configuration.limitFor(Plan.FREE)).isEqualTo(1000);
        assertThat(configuration.limitFor(Plan.PRO)).isEqualTo(2000);
        assertThat(configuration.limitFor(Plan.BUSINESS)).isEqualTo(1000);
        assertThat(configuration.limitFor(Plan.ENTERPRISE)).isEqualTo(10_000);
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThatThrownBy(() -> new RateLimitConfiguration(0, Duration.ofMinutes(1), null, null, null, null))
                .hasMessage("tally.rate-limit.limit must be at least 1, got 0");
        assertThatThrownBy(() -> new RateLimitConfiguration(1, Duration.ZERO, null, null, null, null))
                .hasMessage("tally.rate-limit.period must be positive, got PT0S");
    }

    @Test
    void theAdminTokenNeverPrints() {
        assertThat(new AdminConfiguration("s3cret").toString()).doesNotContain("s3cret");
    }
}
