package dev.tally.api.error;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every request's id: the caller's {@code X-Request-Id} when it is sane (1–64 of {@code A-Z a-z 0-9 . _ : -}),
 * else a new UUID. It is echoed in the {@code X-Request-Id} response header of every answer, put in the MDC
 * ({@code request_id}) of every log line the request causes, and, when the caller chose it, in the error body of
 * formats that have room for it ({@link NativeErrorFormat}); seed error shapes stay as their seeds say, with the
 * header only.
 * Runs first of all filters, so rejections by security and the rate limiter carry it too (docs/adr/0117).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class RequestIds implements Ordered {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    private static final String ATTRIBUTE = "tally.request-id";
    private static final String ECHOED = "tally.request-id.echoed";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** The id of {@code request}; {@code null} only for a request no filter saw (none in a running server). */
    public static @Nullable String of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class).orElse(null);
    }

    /**
     * The id when the caller chose it (a sane {@code X-Request-Id}), else {@code null}. Only such an id goes into error
     * bodies: a generated one would make two answers that must be byte-identical (a foreign id's and an unknown
     * one's, embedded and server mode) differ; the header carries every id.
     */
    static @Nullable String echoed(HttpRequest<?> request) {
        return request.getAttribute(ECHOED, Boolean.class).orElse(false) ? of(request) : null;
    }

    /** The caller's id if it is sane, else a new one: a header is echoed into logs and bodies only when it cannot forge a line. */
    static String choose(@Nullable String sent) {
        return sent != null && SANE.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
    }

    @RequestFilter
    void assign(HttpRequest<?> request, MutablePropagatedContext context) {
        String sent = request.getHeaders().get(HEADER);
        String id = choose(sent);
        request.setAttribute(ATTRIBUTE, id);
        request.setAttribute(ECHOED, id.equals(sent));
        context.add(new MdcPropagationContext(Map.of(MDC_KEY, id)));
    }

    @ResponseFilter
    void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String id = of(request);
        if (id != null) {
            response.header(HEADER, id);
        }
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.before();
    }
}
