package dev.tally.api.ops;

import dev.tally.api.error.RequestIds;
import dev.tally.auth.AuthenticatedWorkspace;
import dev.tally.auth.Workspace;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteMatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the logger {@code tally.access}: method, route template (never the path, which may
 * carry ids and query strings), status, latency, the workspace id, the source and table that answered
 * ({@code X-Tally-Source}/{@code X-Tally-Table}) and the request id, as key-value pairs (fields of their own in
 * JSON logs, {@code TALLY_LOG_FORMAT=json}). Never the key, the Authorization header or the client's address
 * (docs/adr/0117). Off with {@code tally.access-log.enabled=false}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = "tally.access-log.enabled", notEquals = "false")
final class AccessLog implements Ordered {
    static final String LOGGER = "tally.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final String STARTED = "tally.access.started";

    @RequestFilter
    void start(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    @ResponseFilter
    void log(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        long started = request.getAttribute(STARTED, Long.class).orElseGet(System::nanoTime);
        double millis = Math.round((System.nanoTime() - started) / 10_000.0) / 100.0;
        String route = RouteAttributes.getRouteMatch(request)
                .filter(UriRouteMatch.class::isInstance)
                .map(match -> ((UriRouteMatch<?, ?>) match).getRouteInfo().getUriMatchTemplate().toString())
                .orElse("-");
        String workspace = request.getUserPrincipal(Authentication.class)
                .flatMap(AuthenticatedWorkspace::of).map(Workspace::id).orElse("-");
        String source = response.getHeaders().get("X-Tally-Source");
        String table = response.getHeaders().get("X-Tally-Table");
        LOG.atInfo()
                .addKeyValue("method", request.getMethodName())
                .addKeyValue("route", route)
                .addKeyValue("status", response.code())
                .addKeyValue("latency_ms", millis)
                .addKeyValue("workspace_id", workspace)
                .addKeyValue("source", source == null ? "-" : source)
                .addKeyValue("table", table == null ? "-" : table)
                .addKeyValue(RequestIds.MDC_KEY, RequestIds.of(request))
                .log("request");
    }

    /** Right after the request id, so every rejection further in (security, rate limit) is logged too. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
