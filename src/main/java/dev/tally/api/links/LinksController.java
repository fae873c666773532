package dev.tally.api.links;

import dev.tally.auth.Scope;
import dev.tally.auth.Workspace;
import dev.tally.links.LinkFilter;
import dev.tally.links.LinkPage;
import dev.tally.links.LinkService;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code /api/v1/links}: create, read, list, change and delete the workspace's short links. */
@Tag(name = "links")
@SecurityRequirement(name = "bearer", scopes = Scope.LINKS_WRITE_ROLE)
@ApiResponse(responseCode = "400", description = "Refused parameter or body, in Tally's own error shape", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"bad_request\",\"message\":\"url must be an http or https URL.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-bad_request\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked key", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Unknown API key.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-unauthorized\",\"request_id\":\"3f1c…\"}}")))
@ApiResponse(responseCode = "429", description = "Rate limit exceeded (Retry-After says when to retry)", content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = dev.tally.api.error.NativeErrorFormat.Body.class), examples = @ExampleObject(value = "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit exceeded: 1000 requests per window for this API key; retry after 12 seconds.\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-rate_limit_exceeded\"}}")))
@Controller("/api/v1/links")
@Secured(Scope.LINKS_WRITE_ROLE)
@ExecuteOn(TaskExecutors.IO)
final class LinksController {
    private final LinkService links;

    LinksController(LinkService links) {
        this.links = links;
    }

    @Operation(summary = "Create a short link")
    @Post
    HttpResponse<LinkResponse> create(@Parameter(hidden = true) Workspace workspace, @Body LinkRequest request) {
        return HttpResponse.<LinkResponse>status(HttpStatus.CREATED).body(LinkResponse.of(links.create(workspace, request.changes())));
    }

    @Operation(summary = "A link by id")
    @Get("/{id}")
    LinkResponse get(@Parameter(hidden = true) Workspace workspace, String id) {
        return LinkResponse.of(links.get(workspace, id));
    }

    @Operation(summary = "List links")
    @Parameter(in = ParameterIn.QUERY, name = "domain", description = "Only this domain", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "tag_id", description = "Only links with this tag", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "folder_id", description = "Only this folder", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "tenant_id", description = "Only this tenant", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "search", description = "Search in key and URL", schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.QUERY, name = "page", description = "Page, from 1 (default 1; integer) (default 1; integer)", schema = @Schema(type = "integer", defaultValue = "1"))
    @Parameter(in = ParameterIn.QUERY, name = "page_size", description = "Links per page (default 100; integer) (default 100; integer)", schema = @Schema(type = "integer", defaultValue = "100"))
    @Get
    LinkListResponse list(@Parameter(hidden = true) Workspace workspace, @Parameter(hidden = true) HttpRequest<?> request) {
        LinkFilter filter = LinkListParams.parse(request.getParameters());
        LinkPage page = links.list(workspace, filter);
        return new LinkListResponse(page.links().stream().map(LinkResponse::of).toList(), filter.page(), filter.pageSize(),
                page.hasMore());
    }

    @Operation(summary = "Change a link")
    @Patch("/{id}")
    LinkResponse update(@Parameter(hidden = true) Workspace workspace, String id, @Body LinkRequest request) {
        return LinkResponse.of(links.update(workspace, id, request.changes()));
    }

    @Operation(summary = "Delete a link")
    @Delete("/{id}")
    HttpResponse<Void> delete(@Parameter(hidden = true) Workspace workspace, String id) {
        links.delete(workspace, id);
        return HttpResponse.noContent();
    }
}
