package dev.tally.api.error;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;

import java.util.Map;

/**
 * One surface's error shape. Implementations are beans; {@link ErrorFormats} asks them in {@link #getOrder()}
 * order which one claims a request path, and falls back to {@link NativeErrorFormat}. Every error Tally
 * answers — security rejections (401/403), rate limiting (429), {@link ApiException}s thrown by
 * controllers, and Micronaut's own 400/404/405/415 — goes through that choice, so a surface plugs in its
 * format by adding one bean:
 *
 * <pre>{@code
 * @Singleton
 * final class MyErrorFormat implements ErrorFormat {
 *     public boolean appliesTo(String path) { return path.startsWith("/api/v1/my-surface"); }
 *     public Object body(ApiError error) { return new MyErrorBody(...); }   // a @Serdeable record
 * }
 * }</pre>
 *
 * Paths are matched rather than routes so that requests rejected before routing (no route, bad key)
 * answer in the same shape as the surface they were aimed at.
 */
public interface ErrorFormat extends Ordered {

    /** Whether this format owns errors for requests to {@code path} (the decoded request path, no query). */
    boolean appliesTo(String path);

    /** The response body for {@code error}: a {@code @Serdeable} value, or text (sent as {@code text/plain}). */
    Object body(ApiError error);

    /**
     * The body for {@code error} answering the request with id {@code requestId} ({@link RequestIds}): formats with
     * room for it override this; seed formats keep their seed's exact shape (the id is in the header either way).
     */
    default Object body(ApiError error, @Nullable String requestId) {
        return body(error);
    }

    /** Headers the format adds to an error answer (none unless a protocol asks for them). */
    default Map<String, String> headers(ApiError error) {
        return Map.of();
    }
}
