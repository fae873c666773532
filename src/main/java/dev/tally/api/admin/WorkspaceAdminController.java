package dev.tally.api.admin;

import dev.tally.api.error.ApiException;
import dev.tally.auth.AdminConfiguration;
import dev.tally.auth.Plan;
import dev.tally.auth.Roles;
import dev.tally.auth.Workspaces;
import dev.tally.query.TimeZones;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.time.ZoneId;
import java.util.List;

/**
 * The operator's workspace API, authorized by the admin token ({@code TALLY_ADMIN_TOKEN}); absent when
 * no token is configured. {@code POST|GET /api/v1/workspaces}, {@code GET|PATCH /api/v1/workspaces/{id}}.
 */
@Controller("/api/v1/workspaces")
@Secured(Roles.ADMIN)
@Requires(property = AdminConfiguration.TOKEN_PROPERTY, pattern = AdminConfiguration.NON_BLANK)
@ExecuteOn(TaskExecutors.IO)
final class WorkspaceAdminController {
    private final Workspaces workspaces;
    private final TimeZones timeZones;

    WorkspaceAdminController(Workspaces workspaces, TimeZones timeZones) {
        this.workspaces = workspaces;
        this.timeZones = timeZones;
    }

    @Post
    HttpResponse<WorkspaceResponse> create(@Body CreateWorkspaceRequest request) {
        String name = AdminInput.name(request.name());
        Plan plan = request.plan() == null ? Plan.FREE : AdminInput.plan(request.plan());
        ZoneId timeZone = request.timeZone() == null ? ZoneId.of("UTC") : AdminInput.timeZone(timeZones, request.timeZone());
        String organizationId = AdminInput.organizationId(request.organizationId());
        return HttpResponse.created(WorkspaceResponse.from(workspaces.create(name, organizationId, plan, timeZone)));
    }

    /** Every workspace (what {@code tally workspaces list} prints). */
    @Get
    List<WorkspaceResponse> list() {
        return workspaces.list().stream().map(WorkspaceResponse::from).toList();
    }

    @Get("/{id}")
    WorkspaceResponse get(String id) {
        return workspaces.find(id).map(WorkspaceResponse::from).orElseThrow(() -> unknown(id));
    }

    @Patch("/{id}")
    WorkspaceResponse update(String id, @Body UpdateWorkspaceRequest request) {
        if (request.name() == null && request.plan() == null && request.timeZone() == null) {
            throw ApiException.badRequest("Nothing to update: give name, plan or time_zone.");
        }
        String name = request.name() == null ? null : AdminInput.name(request.name());
        Plan plan = request.plan() == null ? null : AdminInput.plan(request.plan());
        ZoneId timeZone = request.timeZone() == null ? null : AdminInput.timeZone(timeZones, request.timeZone());
        return workspaces.update(id, name, plan, timeZone).map(WorkspaceResponse::from).orElseThrow(() -> unknown(id));
    }

    static ApiException unknown(String workspaceId) {
        return ApiException.notFound("Workspace " + workspaceId + " not found.");
    }
}
