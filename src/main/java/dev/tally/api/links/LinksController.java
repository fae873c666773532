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

/** {@code /api/v1/links}: create, read, list, change and delete the workspace's short links. */
@Controller("/api/v1/links")
@Secured(Scope.LINKS_WRITE_ROLE)
@ExecuteOn(TaskExecutors.IO)
final class LinksController {
    private final LinkService links;

    LinksController(LinkService links) {
        this.links = links;
    }

    @Post
    HttpResponse<LinkResponse> create(Workspace workspace, @Body LinkRequest request) {
        return HttpResponse.<LinkResponse>status(HttpStatus.CREATED).body(LinkResponse.of(links.create(workspace, request.changes())));
    }

    @Get("/{id}")
    LinkResponse get(Workspace workspace, String id) {
        return LinkResponse.of(links.get(workspace, id));
    }

    @Get
    LinkListResponse list(Workspace workspace, HttpRequest<?> request) {
        LinkFilter filter = LinkListParams.parse(request.getParameters());
        LinkPage page = links.list(workspace, filter);
        return new LinkListResponse(page.links().stream().map(LinkResponse::of).toList(), filter.page(), filter.pageSize(),
                page.hasMore());
    }

    @Patch("/{id}")
    LinkResponse update(Workspace workspace, String id, @Body LinkRequest request) {
        return LinkResponse.of(links.update(workspace, id, request.changes()));
    }

    @Delete("/{id}")
    HttpResponse<Void> delete(Workspace workspace, String id) {
        links.delete(workspace, id);
        return HttpResponse.noContent();
    }
}
