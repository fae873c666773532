package dev.tally.api.links;

import dev.tally.links.LinkException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;

/** Link failures in Tally's native error format: 400 invalid, 404 unknown (or another workspace's), 409 key taken. */
@Controller
final class LinksErrorHandler {

    @Error(global = true, exception = LinkException.class)
    HttpResponse<LinkError> linkFailure(HttpRequest<?> request, LinkException e) {
        return switch (e.reason()) {
            case INVALID -> HttpResponse.<LinkError>status(HttpStatus.BAD_REQUEST).body(LinkError.of("invalid_link", e.getMessage()));
            case NOT_FOUND -> HttpResponse.<LinkError>status(HttpStatus.NOT_FOUND).body(LinkError.of("link_not_found", e.getMessage()));
            case CONFLICT -> HttpResponse.<LinkError>status(HttpStatus.CONFLICT).body(LinkError.of("key_conflict", e.getMessage()));
        };
    }
}
