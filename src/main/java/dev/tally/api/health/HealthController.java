package dev.tally.api.health;

import dev.tally.sql.ProbeSql;
import dev.tally.store.ClickHouse;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code GET /health}: 200 with the engine and its version while a trivial query runs, else 503. The
 * probe's outcome is reused for {@link #PROBE_TTL_NANOS} (ADR 0101): a load balancer polling many times a
 * second costs the engine one query a second, and an engine that goes down answers 503 within a second.
 */
@Tag(name = "operations")
@Controller("/health")
@Secured(SecurityRule.IS_ANONYMOUS)
final class HealthController {
    static final long PROBE_TTL_NANOS = 1_000_000_000L;

    private final ClickHouse clickHouse;
    private volatile Probe last;

    HealthController(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    @Operation(summary = "Liveness and the engine", description = "No key needed; 503 while the engine is unusable.")
    @Get
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<HealthResponse> health() {
        Probe probe = last;
        if (probe == null || System.nanoTime() - probe.at() > PROBE_TTL_NANOS) {
            probe = probe();
            last = probe;
        }
        return probe.up()
                ? HttpResponse.ok(new HealthResponse("up", clickHouse.engine(), clickHouse.version(), null))
                : HttpResponse.<HealthResponse>status(HttpStatus.SERVICE_UNAVAILABLE)
                        .body(new HealthResponse("down", clickHouse.engine(), clickHouse.version(), probe.error()));
    }

    private Probe probe() {
        try {
            clickHouse.query(ProbeSql.ALIVE);
            return new Probe(System.nanoTime(), true, null);
        } catch (RuntimeException e) {
            return new Probe(System.nanoTime(), false, e.getMessage());
        }
    }

    private record Probe(long at, boolean up, String error) {
    }
}
