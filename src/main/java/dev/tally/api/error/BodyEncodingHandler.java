package dev.tally.api.error;

import io.netty.handler.codec.compression.DecompressionException;
import jakarta.inject.Singleton;

/**
 * A body that is not what its {@code Content-Encoding} says (a plain body sent as gzip or deflate) fails in the
 * server's decompression before any route sees it: a 400 in the surface's format on every route, never a 500.
 */
@Singleton
final class BodyEncodingHandler extends SurfaceExceptionHandler<DecompressionException> {
    BodyEncodingHandler(ErrorFormats formats) {
        super(formats);
    }

    @Override
    protected ApiError error(DecompressionException exception) {
        return ApiError.specific(ErrorCode.BAD_REQUEST, "invalid_encoding",
                "The request body is not encoded as its Content-Encoding header says; send it plain, or encoded as declared.");
    }
}
