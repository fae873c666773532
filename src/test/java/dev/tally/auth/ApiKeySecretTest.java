package dev.tally.auth;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeySecretTest {
    @Test
    void secretsAreTlyLiveAnd256RandomBits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String secret = ApiKeySecret.generate();
            assertThat(secret).startsWith("tly_live_").hasSize("tly_live_".length() + 43);
            assertThat(ApiKeySecret.isWellFormed(secret)).isTrue();
            assertThat(seen.add(secret)).isTrue();
        }
    }

    @Test
    void theHashIsTheHexSha256() {
        // SHA-256("abc"), the FIPS 180-2 test vector.
        assertThat(ApiKeySecret.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void wellFormedMeansPrefixAndLength() {
        assertThat(ApiKeySecret.isWellFormed("tly_live_" + "a".repeat(43))).isTrue();
        assertThat(ApiKeySecret.isWellFormed("tly_live_" + "a".repeat(42))).isFalse();
        assertThat(ApiKeySecret.isWellFormed("tly_test_" + "a".repeat(43))).isFalse();
        assertThat(ApiKeySecret.isWellFormed("tly_live_" + "a".repeat(42) + "!")).isFalse();
    }

    @Test
    void constantTimeEqualsComparesWholeValues() {
        assertThat(ApiKeySecret.constantTimeEquals("token", "token")).isTrue();
        assertThat(ApiKeySecret.constantTimeEquals("token", "tokeN")).isFalse();
        assertThat(ApiKeySecret.constantTimeEquals("token", "token-longer")).isFalse();
    }

    @Test
    void anIssuedKeyNeverPrintsItsSecret() {
        String secret = ApiKeySecret.generate();
        IssuedApiKey issued = new IssuedApiKey(new ApiKey("key_1", "ws_1", "k", Set.of(Scope.ANALYTICS_READ),
                java.time.Instant.EPOCH, null), secret);
        assertThat(issued.toString()).doesNotContain(secret);
    }
}
