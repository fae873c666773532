package dev.tally.api.linkreport;

import dev.tally.runner.AnalyticsAnswer;
import dev.tally.runner.QueryRunner;
import dev.tally.runner.AnswerSources;
import dev.tally.api.error.ApiException;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.links.LinkCatalog;
import dev.tally.query.AnalyticsQuery;
import dev.tally.query.EventKind;
import dev.tally.query.Filter;
import dev.tally.query.Dimension;
import dev.tally.query.GroupBy;
import dev.tally.query.Granularity;
import dev.tally.query.SortOrder;
import dev.tally.store.Row;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code GET /api/v1/analytics/{link_id}}: seeds/002, one link's report. An unknown, deleted or other
 * workspace's link is the same 404 {@code NOT_FOUND}. Eight parts over the one link, answered by one scan of
 * the raw table's per-link projection (GROUPING SETS, docs/adr/0106-multi-part-answers-in-one-scan.md).
 */
@Controller("/api/v1/analytics")
@Secured(Scope.ANALYTICS_READ_ROLE)
final class LinkReportController {
    private final QueryRunner service;
    private final LinkCatalog catalog;
    private final Clock clock = Clock.systemUTC();

    LinkReportController(QueryRunner service, LinkCatalog catalog) {
        this.service = service;
        this.catalog = catalog;
    }

    @Get("/{link_id}")
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<LinkReportResponse> report(Workspace workspace, @PathVariable("link_id") String linkId,
                                            @Nullable @QueryValue String start, @Nullable @QueryValue String end) {
        LinkReportParams params = new LinkReportParams(start, end);
        Row link = catalog.unlessRecentlyMissing(workspace.id(), LinkCatalog.LookupKind.ID, linkId, () -> service.liveLink(workspace.id(), linkId))
                .orElseThrow(() -> ApiException.notFound("Link not found: " + linkId));
        AnalyticsQuery query = AnalyticsQuery.of(workspace.id(), EventKind.CLICKS, params.range(workspace.timeZone(), clock.instant()),
                        workspace.timeZone(), Granularity.DAY)
                .withPage(LinkReportResponse.TOP, 0, SortOrder.DESC)
                .withFilter(Filter.including(Dimension.LINK_ID, linkId));
        List<AnalyticsAnswer> parts = service.aggregateTogether(Stream.of(GroupBy.COUNT, GroupBy.TIMESERIES, GroupBy.REFERERS,
                GroupBy.COUNTRIES, GroupBy.CITIES, GroupBy.DEVICES, GroupBy.BROWSERS, GroupBy.OS).map(query::withGroupBy).toList());
        LinkReportResponse.Answers answers = new LinkReportResponse.Answers(parts.get(0), parts.get(1), parts.get(2), parts.get(3),
                parts.get(4), parts.get(5), parts.get(6), parts.get(7));
        MutableHttpResponse<LinkReportResponse> response = HttpResponse.ok(LinkReportResponse.of(link, answers, workspace.timeZone()));
        AnswerSources.headers(answers.all()).forEach(response::header);
        return response;
    }
}
