package dev.tally.api.health;

import dev.tally.store.EmbeddedClickHouse;
import dev.tally.support.TestEngine;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The 503 branch, on a real engine that has been closed (no Micronaut context: it would hold the engine). */
class HealthWhenEngineDownTest {

    @Test
    void answers503WhileTheEngineIsUnusable() {
        EmbeddedClickHouse engine = TestEngine.openEmbedded();
        engine.close();
        HttpResponse<HealthResponse> response = new HealthController(engine).health();
        assertThat(response.code()).isEqualTo(503);
        assertThat(response.body().status()).isEqualTo("down");
        assertThat(response.body().error()).isEqualTo("the embedded engine is closed");
    }
}
