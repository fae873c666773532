package dev.tally.api.clicklog;

import dev.tally.runner.AnswerSources;
import dev.tally.runner.QueryRunner;
import dev.tally.runner.RowsAnswer;
import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.sql.ClickLogSql;
import dev.tally.store.Row;
import dev.tally.store.Rows;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

/**
 * {@code POST /v1/analytics}: seeds/003, the raw click log, one keyset page per request (oldest first).
 * A full page carries {@code X-Next-Cursor}; send it back as {@code cursor} for the next one. Memory stays
 * flat: one page of at most 10,000 clicks is held, whatever the range.
 */
@Controller("/v1/analytics")
@Secured(Scope.ANALYTICS_READ_ROLE)
final class ClickLogController {
    static final String NEXT_CURSOR = "X-Next-Cursor";
    private final QueryRunner service;

    ClickLogController(QueryRunner service) {
        this.service = service;
    }

    @Post
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<ClickLogResponse> clicks(Workspace workspace, @Body ClickLogParams params) {
        ClickLogRequest request = ClickLogRequest.parse(params, workspace);
        RowsAnswer answer = service.clickLog(request.query(), request.after());
        Rows rows = answer.result();
        MutableHttpResponse<ClickLogResponse> response = HttpResponse.ok(ClickLogResponse.of(workspace, rows.rows()));
        if (rows.size() == request.query().limit()) {
            Row last = rows.get(rows.size() - 1);
            response.header(NEXT_CURSOR, ClickLogRequest.encode(new ClickLogSql.After(last.instant("timestamp"), last.string("event_id"))));
        }
        response.header("X-Tally-Source", "raw");
        response.header("X-Tally-Table", "events");
        response.header(AnswerSources.CACHE_HEADER, answer.cacheHeader());
        return response;
    }
}
