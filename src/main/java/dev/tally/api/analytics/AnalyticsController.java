package dev.tally.api.analytics;

import dev.tally.runner.QueryRunner;
import dev.tally.runner.AnalyticsAnswer;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

/**
 * {@code GET /api/v1/analytics}: aggregates over the full filter set, in Dub's analytics shapes; how it was
 * answered (rollup or raw, which table, uniques' error) travels in {@code X-Tally-*} headers.
 */
@Controller("/api/v1/analytics")
@Secured(Scope.ANALYTICS_READ_ROLE)
final class AnalyticsController {
    private final QueryParser parser;
    private final QueryRunner service;

    AnalyticsController(QueryParser parser, QueryRunner service) {
        this.parser = parser;
        this.service = service;
    }

    @Get
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<Object> analytics(HttpRequest<?> request, Workspace workspace) {
        AnalyticsQuery query = parser.parse(request.getParameters().asMap(), SurfaceRules.NATIVE_ANALYTICS,
                workspace.id(), workspace.timeZone());
        AnalyticsAnswer answer = service.aggregate(query);
        MutableHttpResponse<Object> response = HttpResponse.ok(AnalyticsResponse.body(answer));
        AnalyticsResponse.headers(answer).forEach(response::header);
        return response;
    }
}
