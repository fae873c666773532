package dev.tally;

import dev.tally.support.TallyClient;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.io.File;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.cluster.yml as the README starts it: 3 Keeper nodes, 2 shards x 2 replicas, two Tally instances
 * in cluster mode behind nginx. Workspaces, keys, links and clicks go in through the proxy; both Tally instances
 * then count every click of every workspace, whichever shard and replica holds it. Skipped, not failed, where no
 * Docker engine runs (the development machines); the two-shard behaviour itself is tested everywhere by
 * {@code TwoShardClusterTest}.
 */
@Testcontainers(disabledWithoutDocker = true)
class ClusterComposeTest {
    private static final String ADMIN_TOKEN = "change-me-admin-token";
    private static final Duration START = Duration.ofMinutes(10);

    @Container
    private static final ComposeContainer CLUSTER = new ComposeContainer(new File("docker-compose.cluster.yml"))
            .withBuild(true)
            .withExposedService("proxy", 8080, Wait.forHttp("/health").forStatusCode(200).withStartupTimeout(START))
            .withExposedService("tally1", 8080, Wait.forHttp("/health").forStatusCode(200).withStartupTimeout(START))
            .withExposedService("tally2", 8080, Wait.forHttp("/health").forStatusCode(200).withStartupTimeout(START));

    @Test
    void clicksSentThroughTheProxyAreCountedByBothInstances() {
        try (TallyClient proxy = client("proxy"); TallyClient first = client("tally1"); TallyClient second = client("tally2")) {
            assertThat(proxy.get("/health", "").ok().json()).containsEntry("engine", "server").containsEntry("status", "up");
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            for (int w = 0; w < 4; w++) {
                String workspaceId = (String) proxy.createWorkspace("business", "UTC").get("id");
                String key = proxy.issueKey(workspaceId);
                String linkId = (String) proxy.post("/api/v1/links", "application/json",
                        "{\"url\":\"https://example.com/" + w + "\",\"key\":\"compose-" + w + "-" + now.getEpochSecond() + "\"}", key).ok().json().get("id");
                StringBuilder batch = new StringBuilder();
                int clicks = 50 + 25 * w;
                for (int i = 0; i < clicks; i++) {
                    batch.append("{\"event\":\"click\",\"event_id\":\"evt_").append(w).append('_').append(i).append("\",\"link_id\":\"").append(linkId)
                            .append("\",\"timestamp\":\"").append(now.minusSeconds(60L * i)).append("\",\"country\":\"US\"}\n");
                }
                assertThat(proxy.post("/api/v1/events/batch", "application/x-ndjson", batch.toString(), key).ok().json())
                        .containsEntry("accepted", clicks);
                for (TallyClient instance : List.of(first, second)) {
                    Object counted = instance.get("/api/v1/analytics?event=clicks&groupBy=count&interval=24h", key).ok().json().get("clicks");
                    assertThat(((Number) counted).longValue()).isEqualTo(clicks);
                }
            }
        }
    }

    private static TallyClient client(String service) {
        return new TallyClient(URI.create("http://" + CLUSTER.getServiceHost(service, 8080) + ":" + CLUSTER.getServicePort(service, 8080)),
                ADMIN_TOKEN);
    }
}
