package dev.tally.api.error;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.OrderUtil;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place that turns an {@link ApiError} into an HTTP response in the format of the surface the
 * request was aimed at. Used by the security rejection handler, the rate limiter's handler, the
 * {@link ApiException} handler and Micronaut's own error responses.
 */
@Singleton
public final class ErrorFormats {
    private final List<ErrorFormat> formats;
    private final NativeErrorFormat nativeFormat;

    ErrorFormats(List<ErrorFormat> formats, NativeErrorFormat nativeFormat) {
        List<ErrorFormat> sorted = new ArrayList<>(formats);
        sorted.remove(nativeFormat);
        OrderUtil.sort(sorted);
        this.formats = List.copyOf(sorted);
        this.nativeFormat = nativeFormat;
    }

    /** The format that owns {@code path}; the native format when no surface claims it. */
    public ErrorFormat forPath(String path) {
        for (ErrorFormat format : formats) {
            if (format.appliesTo(path)) {
                return format;
            }
        }
        return nativeFormat;
    }

    /** A response with {@code error}'s status and body (and {@code Retry-After} when it has one). */
    public MutableHttpResponse<Object> respond(HttpRequest<?> request, ApiError error) {
        return shape(HttpResponse.status(error.code().status()), request, error);
    }

    /** {@code response} with {@code error}'s body, headers and content type in the format of {@code request}'s path. */
    public MutableHttpResponse<Object> shape(MutableHttpResponse<?> response, HttpRequest<?> request, ApiError error) {
        return shape(response, request.getPath(), RequestIds.echoed(request), error);
    }

    /** {@code response} with {@code error}'s body, headers and content type in the format of {@code path}. */
    public MutableHttpResponse<Object> shape(MutableHttpResponse<?> response, String path, ApiError error) {
        return shape(response, path, null, error);
    }

    private MutableHttpResponse<Object> shape(MutableHttpResponse<?> response, String path, @Nullable String requestId, ApiError error) {
        ErrorFormat format = forPath(path);
        Object body = format.body(error, requestId);
        format.headers(error).forEach(response::header);
        if (body instanceof CharSequence) {
            response.contentType(MediaType.TEXT_PLAIN_TYPE);
        }
        if (error.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(error.retryAfterSeconds()));
        }
        return response.body(body);
    }
}
