package dev.tally.api.ops;

import dev.tally.auth.Roles;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code GET /metrics}: Prometheus' text format, for the admin token only (a workspace key must not see other
 * workspaces' traffic; docs/adr/0116). On the IO pool: a scrape reads the engine's memory with a query.
 */
@Controller("/metrics")
@Secured(Roles.ADMIN)
@Tag(name = "operations")
@SecurityRequirement(name = "bearer", scopes = Roles.ADMIN)
final class MetricsController {
    /** Prometheus' text exposition format 0.0.4, which every scraper reads. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private final PrometheusMeterRegistry registry;

    MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Get
    @Produces(PROMETHEUS_TEXT)
    @ExecuteOn(TaskExecutors.IO)
    @Operation(summary = "Prometheus metrics", description = "HTTP latency per route and status, ingest events "
            + "accepted/rejected/duplicate, insert latency and batch sizes, the redirect click queue, engine query latency "
            + "by source and table, engine memory, JVM. Needs the admin token (TALLY_ADMIN_TOKEN). Names: README, Metrics.")
    String metrics() {
        return registry.scrape();
    }
}
