package dev.tally.api.bi;

import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounds hold: a runaway statement stops at the time, row or memory limit with ClickHouse's own error,
 * the service stays healthy and other keys keep working; a key beyond its concurrency or request
 * allowance gets {@code Code: 202} (HTTP 429); credentials without {@code bi:read} are refused.
 */
@MicronautTest
@Property(name = "tally.bi.port", value = "0")
@Property(name = "tally.bi.max-execution-time-seconds", value = "2")
@Property(name = "tally.bi.max-rows-to-read", value = "100000000")
@Property(name = "tally.bi.max-memory-usage", value = "100000000")
@Property(name = "tally.bi.concurrent-queries-per-key", value = "1")
@Property(name = "tally.bi.requests-per-minute", value = "40")
class BiLimitsTest {
    private static final String SLOW = "SELECT max(SHA256(toString(number))) FROM numbers(90000000)";


    @Inject
    BiListener listener;
    @Inject
    EmbeddedServer server;
    @Inject
    TestWorkspaces workspaces;

    private String base() {
        return "http://localhost:" + listener.port() + "/";
    }

    private TestWorkspace biKey() {
        return workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.BI_READ);
    }

    @Test
    void runawayStatementsStopAtTheBoundsWithClickHouseErrors() {
        TestWorkspace a = biKey();
        TestWorkspace b = biKey();
        assertThat(BiHttp.post(base(), a.apiKey(), SLOW, Map.of()).exceptionCode()).contains("159");
        // Asking for more than the ceiling gets the ceiling.
        assertThat(BiHttp.post(base(), a.apiKey(), SLOW, Map.of("max_execution_time", "3600")).exceptionCode()).contains("159");
        assertThat(BiHttp.post(base(), a.apiKey(), "SELECT count() FROM numbers(1000000000)", Map.of()).exceptionCode()).contains("158");
        assertThat(BiHttp.post(base(), a.apiKey(), "SELECT groupArray(number) FROM numbers(50000000)", Map.of()).exceptionCode()).contains("241");
        BiHttp.Answer tooMany = BiHttp.post(base(), a.apiKey(), "SELECT number FROM numbers(100)", Map.of("max_result_rows", "10"));
        assertThat(tooMany.exceptionCode()).contains("396");
        assertThat(tooMany.body()).startsWith("Code: 396. DB::Exception: ");

        assertThat(BiHttp.get("http://localhost:" + server.getPort() + "/health").status()).isEqualTo(200);
        assertThat(BiHttp.post(base(), b.apiKey(), "SELECT 1 + 1", Map.of()).body()).isEqualTo("2\n");
    }

    @Test
    void aKeyRunsOneStatementAtATimeHereAndOthersAreUnaffected() throws Exception {
        TestWorkspace a = biKey();
        TestWorkspace b = biKey();
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<BiHttp.Answer> slow = CompletableFuture.supplyAsync(() -> BiHttp.post(base(), a.apiKey(), SLOW,
                    Map.of("query_id", "slow-1", "max_execution_time", "30")), threads);
            Thread.sleep(500);
            BiHttp.Answer second = BiHttp.post(base(), a.apiKey(), "SELECT 1", Map.of());
            assertThat(second.status()).isEqualTo(429);
            assertThat(second.exceptionCode()).contains("202");
            assertThat(BiHttp.post(base(), b.apiKey(), "SELECT 1", Map.of()).body()).isEqualTo("1\n");
            // Another key cannot cancel it; its own key can, even with its one slot taken.
            assertThat(BiHttp.post(base(), b.apiKey(), "KILL QUERY WHERE query_id = 'slow-1'", Map.of()).body()).isEmpty();
            BiHttp.Answer kill = BiHttp.post(base(), a.apiKey(), "KILL QUERY WHERE query_id = 'slow-1' SYNC", Map.of());
            assertThat(kill.status()).isEqualTo(200);
            assertThat(kill.body()).isEqualTo("finished\tslow-1\n");
            assertThat(slow.get(30, TimeUnit.SECONDS).exceptionCode()).contains("394");
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void aKeyBeyondItsRequestAllowanceIsRefused() {
        TestWorkspace a = biKey();
        int refused = 0;
        for (int i = 0; i < 45; i++) {
            BiHttp.Answer answer = BiHttp.post(base(), a.apiKey(), "SELECT 1", Map.of());
            if (answer.status() == 429) {
                assertThat(answer.exceptionCode()).contains("202");
                refused++;
            }
        }
        assertThat(refused).isEqualTo(5);
    }

    @Test
    void credentialsMustBeAKeyWithBiRead() {
        TestWorkspace analyticsOnly = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        BiHttp.Answer noScope = BiHttp.post(base(), analyticsOnly.apiKey(), "SELECT 1", Map.of());
        assertThat(noScope.status()).isEqualTo(403);
        assertThat(noScope.exceptionCode()).contains("497");
        BiHttp.Answer unknown = BiHttp.post(base(), "tly_live_" + "0".repeat(64), "SELECT 1", Map.of());
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.exceptionCode()).contains("516");
        assertThat(BiHttp.post(base(), "", "SELECT 1", Map.of()).exceptionCode()).contains("516");
        assertThat(BiHttp.get(base() + "ping").body()).isEqualTo("Ok.\n");
        assertThat(BiHttp.get("http://localhost:" + server.getPort() + "/clickhouse/ping").body()).isEqualTo("Ok.\n");
    }
}
