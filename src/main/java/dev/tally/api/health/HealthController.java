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

/** {@code GET /health}: 200 with the engine and its version while a trivial query runs, else 503. */
@Tag(name = "operations")
@Controller("/health")
@Secured(SecurityRule.IS_ANONYMOUS)
final class HealthController {
    private final ClickHouse clickHouse;

    HealthController(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    @Operation(summary = "Liveness and the engine", description = "No key needed; 503 while the engine is unusable.")
    @Get
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<HealthResponse> health() {
        try {
            clickHouse.query(ProbeSql.ALIVE);
            return HttpResponse.ok(new HealthResponse("up", clickHouse.engine(), clickHouse.version(), null));
        } catch (RuntimeException e) {
            return HttpResponse.<HealthResponse>status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(new HealthResponse("down", clickHouse.engine(), clickHouse.version(), e.getMessage()));
        }
    }
}
