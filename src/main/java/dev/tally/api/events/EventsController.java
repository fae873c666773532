package dev.tally.api.events;

import dev.tally.runner.AnswerSources;
import dev.tally.runner.QueryRunner;
import dev.tally.runner.RowsAnswer;
import dev.tally.auth.Plan;
import dev.tally.auth.RequiresPlan;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.QueryParser;
import dev.tally.query.SurfaceRules;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/events}: seed 001 — one page of click, lead or sale events, newest first by default (business plan and up). */
@Controller("/api/v1/events")
@Secured(Scope.ANALYTICS_READ_ROLE)
@RequiresPlan(Plan.BUSINESS)
final class EventsController {
    private final QueryParser parser;
    private final QueryRunner service;
    private final JsonMapper json;

    EventsController(QueryParser parser, QueryRunner service, JsonMapper json) {
        this.parser = parser;
        this.service = service;
        this.json = json;
    }

    @Get
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<List<Map<String, Object>>> events(HttpRequest<?> request, Workspace workspace) {
        AnalyticsQuery query = parser.parse(request.getParameters().asMap(), SurfaceRules.EVENTS_LIST, workspace.id(), workspace.timeZone());
        RowsAnswer events = service.events(query);
        return HttpResponse.ok(EventsResponse.body(events.rows(), json)).header(AnswerSources.CACHE_HEADER, events.cacheHeader());
    }
}
