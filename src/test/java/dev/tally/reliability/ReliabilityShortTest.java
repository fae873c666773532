package dev.tally.reliability;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reliability suite's short mode, part of {@code scripts/test}: a fixed-seed fuzz run over every route
 * (0 × 5xx beyond {@link KnownFailures}, every error in its surface's shape) and the cross-tenant probes.
 * The full mode is {@code scripts/reliability full}.
 */
@MicronautTest
@Property(name = "spec.name", value = "ReliabilityShortTest")
@Property(name = "tally.admin.token", value = ReliabilityShortTest.ADMIN_TOKEN)
@Property(name = "tally.rate-limit.limit", value = "100000000")
@Property(name = "tally.auth.failures.limit", value = "100000000")
class ReliabilityShortTest {
    static {
        // Before any java.net.http client exists: the fuzzer sets Host for the redirect route.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    static final String ADMIN_TOKEN = "reliability-short-admin-token-0123456789";
    static final int REQUESTS = 1_500;

    @Inject
    EmbeddedServer server;
    @Inject
    ApplicationContext context;
    @Inject
    JsonMapper json;

    @Test
    void theFuzzerFindsNoServerErrorAndEveryErrorIsInItsSurfacesShape() throws Exception {
        Target target = Target.create(context, server.getURI(), ADMIN_TOKEN);
        Routes routes = Routes.of(context);
        assertThat(routes.all()).extracting(Routes.Route::template).contains("/api/v1/analytics/{link_id}", "/v1/analytics",
                "/api/v1/events/batch");
        Fuzzer.Result result = new Fuzzer(target, routes, json, 20261201L).run(REQUESTS);
        assertThat(result.serverErrors()).as(describe(result.serverErrors(), target)).isEmpty();
        assertThat(result.shapeViolations()).as(describe(result.shapeViolations(), target)).isEmpty();
        assertThat(result.statuses().keySet()).as("the run reached real answers").contains(200, 400, 404);
    }

    @Test
    void aForeignIdIsAnsweredExactlyLikeAnUnknownOne() throws Exception {
        Target target = Target.create(context, server.getURI(), ADMIN_TOKEN);
        List<TenantProbes.Probe> probes = new TenantProbes(target, Routes.of(context)).run();
        assertThat(probes).hasSizeGreaterThan(8);
        assertThat(probes).as(probes.stream().filter(p -> !p.same()).map(Object::toString).collect(Collectors.joining("\n")))
                .allMatch(TenantProbes.Probe::same);
    }

    private static String describe(List<Fuzzer.Finding> findings, Target target) {
        return findings.stream().limit(15).map(f -> f.status() + " " + f.request().description() + "\n  " + f.request().curl(target.base())
                + "\n  " + f.problem()).collect(Collectors.joining("\n"));
    }
}
