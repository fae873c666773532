package dev.tally.ingest;

import dev.tally.enrich.EnrichConfiguration;
import dev.tally.links.LinkConfiguration;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the defaults of the ingest, enrichment and link configuration (their property names are exercised
 * by BatchLimitsTest and RedirectControllerTest, which set them).
 */
@MicronautTest
class ConfigurationDefaultsTest {
    @Inject
    IngestConfiguration ingest;
    @Inject
    LinkConfiguration links;
    @Inject
    EnrichConfiguration enrich;
    @Inject
    dev.tally.api.ingest.UploadConfiguration uploads;

    @Test
    void defaults() {
        assertThat(ingest).isEqualTo(new IngestConfiguration(67_108_864L, 1_000_000, 65_536, 500_000, 2, 2_000_000, 24, 8));
        assertThat(links).isEqualTo(new LinkConfiguration("tly.sh", List.of(), 60, 1_000_000, 200, 200_000, java.time.Duration.ofDays(30)));
        assertThat(links.servedDomains()).containsExactly("tly.sh");
        assertThat(enrich.ipSalt()).isEqualTo(EnrichConfiguration.DEFAULT_IP_SALT);
        assertThat(enrich.userAgentCacheSize()).isEqualTo(20_000);
        assertThat(uploads).isEqualTo(new dev.tally.api.ingest.UploadConfiguration(8, 4096, 10, java.time.Duration.ofSeconds(5), 16));
    }
}
