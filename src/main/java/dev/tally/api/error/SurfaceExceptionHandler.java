package dev.tally.api.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;

/**
 * The one path from an exception to an answer: a subclass per exception type says which {@link ApiError}
 * it is, and {@link ErrorFormats} gives it the shape of the surface the request was aimed at.
 *
 * @param <E> the exception type handled
 */
public abstract class SurfaceExceptionHandler<E extends Throwable> implements ExceptionHandler<E, MutableHttpResponse<?>> {
    private final ErrorFormats formats;

    protected SurfaceExceptionHandler(ErrorFormats formats) {
        this.formats = formats;
    }

    /** The error {@code exception} stands for. */
    protected abstract ApiError error(E exception);

    @Override
    @SuppressWarnings("rawtypes") // the interface declares a raw HttpRequest
    public MutableHttpResponse<?> handle(HttpRequest request, E exception) {
        return formats.respond(request, error(exception));
    }
}
