package dev.tally.api.links;

import dev.tally.api.error.NativeErrorBody;
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
    HttpResponse<NativeErrorBody> linkFailure(HttpRequest<?> request, LinkException e) {
        return switch (e.reason()) {
            case INVALID -> HttpResponse.<NativeErrorBody>status(HttpStatus.BAD_REQUEST).body(NativeErrorBody.of("invalid_link", e.getMessage()));
            case NOT_FOUND -> HttpResponse.<NativeErrorBody>status(HttpStatus.NOT_FOUND).body(NativeErrorBody.of("link_not_found", e.getMessage()));
            case CONFLICT -> HttpResponse.<NativeErrorBody>status(HttpStatus.CONFLICT).body(NativeErrorBody.of("key_conflict", e.getMessage()));
        };
    }
}
