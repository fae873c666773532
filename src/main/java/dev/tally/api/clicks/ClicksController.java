package dev.tally.api.clicks;

import dev.tally.runner.AnalyticsAnswer;
import dev.tally.runner.QueryRunner;
import dev.tally.runner.AnswerSources;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.query.GroupBy;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.time.Clock;
import java.util.List;

/** {@code GET /api/v1/analytics/clicks} and {@code /views}: seeds/000. Errors in that seed's format (auth's {@code ErrorFormats}). */
@Controller("/api/v1/analytics")
@Secured(Scope.ANALYTICS_READ_ROLE)
final class ClicksController {
    private final QueryRunner service;
    private final Clock clock = Clock.systemUTC();

    ClicksController(QueryRunner service) {
        this.service = service;
    }

    @Get("/clicks")
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<ClicksResponse> clicks(Workspace workspace, @Nullable @QueryValue String interval, @Nullable @QueryValue String start,
                                        @Nullable @QueryValue String end, @Nullable @QueryValue String linkId,
                                        @Nullable @QueryValue String groupBy, @Nullable @QueryValue String limit) {
        return answer(ClicksSurface.CLICKS, workspace, new ClicksParams(interval, start, end, linkId, groupBy, limit));
    }

    @Get("/views")
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<ClicksResponse> views(Workspace workspace, @Nullable @QueryValue String interval, @Nullable @QueryValue String start,
                                       @Nullable @QueryValue String end, @Nullable @QueryValue String pageId,
                                       @Nullable @QueryValue String groupBy, @Nullable @QueryValue String limit) {
        return answer(ClicksSurface.VIEWS, workspace, new ClicksParams(interval, start, end, pageId, groupBy, limit));
    }

    private HttpResponse<ClicksResponse> answer(ClicksSurface surface, Workspace workspace, ClicksParams params) {
        ClicksRequest request = ClicksRequest.parse(surface, params, workspace.id(), clock.instant());
        AnalyticsAnswer data = service.aggregate(request.query());
        AnalyticsAnswer total = service.aggregate(request.query().withGroupBy(GroupBy.COUNT));
        MutableHttpResponse<ClicksResponse> response = HttpResponse.ok(
                ClicksResponse.of(surface, request, data, total.rows().single().longValue(surface.countField)));
        AnswerSources.headers(List.of(data, total)).forEach(response::header);
        return response;
    }
}
