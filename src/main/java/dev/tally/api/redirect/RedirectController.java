package dev.tally.api.redirect;

import dev.tally.auth.FailureLimiter;
import dev.tally.auth.RateLimitStatus;
import dev.tally.ingest.ClickBuffer;
import dev.tally.ingest.RedirectClick;
import dev.tally.links.DestinationUrl;
import dev.tally.links.Link;
import dev.tally.links.LinkCatalog;
import dev.tally.links.LinkConfiguration;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /{key}} on a short domain: 302 to the link's URL with the request's query string passed
 * through, and a click queued for recording (trigger {@code qr} for {@code ?qr=1}, else {@code link}).
 * The link comes from memory ({@link LinkCatalog}) and the click is written later ({@link ClickBuffer}),
 * so the redirect never waits on ClickHouse for a link it has seen.
 */
@Tag(name = "links")
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
final class RedirectController {
    private static final String NOT_FOUND_PAGE = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Link not found</title>"
            + "</head><body><h1>Link not found</h1><p>This short link does not exist or was deleted.</p></body></html>";

    private static final String TOO_MANY_PAGE = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Too many requests</title>"
            + "</head><body><h1>Too many requests</h1><p>Too many unknown short links were asked for from this address; try again later.</p>"
            + "</body></html>";

    private final LinkCatalog catalog;
    private final ClickBuffer clicks;
    private final FailureLimiter failures;
    private final Set<String> shortDomains;

    RedirectController(LinkCatalog catalog, ClickBuffer clicks, FailureLimiter failures, LinkConfiguration configuration) {
        this.catalog = catalog;
        this.clicks = clicks;
        this.failures = failures;
        this.shortDomains = Set.copyOf(configuration.servedDomains());
    }

    @Operation(summary = "Follow a short link", description = "On a short domain (Host): 302 to the destination, the click recorded in the background; no key.")
    @Get("/{key:[A-Za-z0-9][A-Za-z0-9_-]*}")
    @ExecuteOn(TaskExecutors.IO)
    HttpResponse<?> redirect(HttpRequest<?> request, String key) {
        String host = host(request.getHeaders().get("Host"));
        String address = failures.clientAddress(request);
        Optional<RateLimitStatus> refusal = failures.refusal(address);
        if (refusal.isPresent()) {
            // An address that keeps asking for unknown keys would cost an engine query per guess.
            return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS).contentType(MediaType.TEXT_HTML_TYPE)
                    .header("Retry-After", Long.toString(refusal.get().retryAfterSeconds())).body(TOO_MANY_PAGE);
        }
        Optional<Link> link = host == null || !shortDomains.contains(host) ? Optional.empty() : catalog.byDomainKey(host, key);
        if (link.isEmpty()) {
            failures.recordFailure(address);
            return HttpResponse.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML_TYPE).body(NOT_FOUND_PAGE);
        }
        String query = request.getUri().getRawQuery();
        boolean qr = QueryStrings.hasQrMarker(query);
        Optional<String> location = DestinationUrl.withQuery(link.get().url(), QueryStrings.withoutQrMarker(query));
        if (location.isEmpty()) {
            // Only a row stored before destinations were normalised can get here (ADR 0050): never send it.
            return HttpResponse.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML_TYPE).body(NOT_FOUND_PAGE);
        }
        String destination = location.get();
        clicks.record(new RedirectClick(link.get(), Instant.now(), destination, clientIp(request),
                orEmpty(request.getHeaders().get("User-Agent")), orEmpty(request.getHeaders().get("Referer")), qr ? "qr" : "link"));
        return HttpResponse.status(HttpStatus.FOUND).header("Location", destination).header("Cache-Control", "no-store");
    }

    private static @Nullable String host(@Nullable String hostHeader) {
        if (hostHeader == null) {
            return null;
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        return colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
    }

    // Behind a load balancer the client is the first X-Forwarded-For address; deploy Tally only behind
    // a proxy that sets it, or this header could be forged (it only affects geo and unique counts).
    private static String clientIp(HttpRequest<?> request) {
        String forwarded = request.getHeaders().get("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            int comma = forwarded.indexOf(',');
            return (comma < 0 ? forwarded : forwarded.substring(0, comma)).strip();
        }
        return request.getRemoteAddress().getAddress().getHostAddress();
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }
}
