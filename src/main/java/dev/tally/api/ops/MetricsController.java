package dev.tally.api.ops;

import dev.tally.api.error.NativeErrorFormat;
import dev.tally.auth.Roles;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
@ApiResponse(responseCode = "401", description = "No admin token", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":"
        + "\"unauthorized\",\"message\":\"Missing API key: send it as 'Authorization: Bearer <API key>'.\",\"doc_url\":\""
        + NativeErrorFormat.DOC_URL + "-unauthorized\"}}")))
@ApiResponse(responseCode = "403", description = "A workspace key (metrics span every workspace)", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":"
        + "\"forbidden\",\"message\":\"This endpoint needs the admin token.\",\"doc_url\":\"" + NativeErrorFormat.DOC_URL + "-forbidden\"}}")))
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
