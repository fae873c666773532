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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.ZoneId;
import java.util.List;

/**
 * The operator's workspace API, authorized by the admin token ({@code TALLY_ADMIN_TOKEN}); absent when
 * no token is configured. {@code POST|GET /api/v1/workspaces}, {@code GET|PATCH /api/v1/workspaces/{id}}.
 */
@Tag(name = "admin")
@SecurityRequirement(name = "bearer", scopes = Roles.ADMIN)
@ApiResponse(responseCode = "400", description = "Refused parameter or body, in Tally's own error shape", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"bad_request\",\"message\":\"plan must be one of free, pro, business, enterprise.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-bad_request\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked key", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Unknown API key.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-unauthorized\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "429", description = "Rate limit exceeded (Retry-After says when to retry)", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit exceeded: 1000 requests per window for this API key; retry after 12 seconds.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-rate_limit_exceeded\"}}")))
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

    @Operation(summary = "Create a workspace (admin token)")
    @Post
    HttpResponse<WorkspaceResponse> create(@Body CreateWorkspaceRequest request) {
        String name = AdminInput.name(request.name());
        Plan plan = request.plan() == null ? Plan.FREE : AdminInput.plan(request.plan());
        ZoneId timeZone = request.timeZone() == null ? ZoneId.of("UTC") : AdminInput.timeZone(timeZones, request.timeZone());
        String organizationId = AdminInput.organizationId(request.organizationId());
        return HttpResponse.created(WorkspaceResponse.from(workspaces.create(name, organizationId, plan, timeZone)));
    }

    /** Every workspace (what {@code tally workspaces list} prints). */
    @Operation(summary = "Every workspace, oldest first (admin token)")
    @Get
    List<WorkspaceResponse> list() {
        return workspaces.list().stream().map(WorkspaceResponse::from).toList();
    }

    @Operation(summary = "A workspace (admin token)")
    @Get("/{id}")
    WorkspaceResponse get(String id) {
        return workspaces.find(id).map(WorkspaceResponse::from).orElseThrow(() -> unknown(id));
    }

    @Operation(summary = "Change a workspace's name, plan or time zone (admin token)")
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
