package dev.tally.api.error;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Micronaut's own error answers (no route 404, 405, unsatisfied or unconvertible arguments 400, bad JSON,
 * 415) in the requesting surface's format instead of Micronaut's default JSON. Replaces Micronaut's
 * default processor, which steps aside when another {@link ErrorResponseProcessor} bean exists.
 */
@Singleton
final class SurfaceErrorResponseProcessor implements ErrorResponseProcessor<Object> {
    private static final java.util.regex.Pattern FRAMEWORK_INTERNALS =
            java.util.regex.Pattern.compile("Failed to convert argument|Cannot deserialize|java\\.|io\\.micronaut|StreamReadFeature|Exception");
    private final ErrorFormats formats;

    SurfaceErrorResponseProcessor(ErrorFormats formats) {
        this.formats = formats;
    }

    @Override
    public MutableHttpResponse<Object> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        int status = response.code();
        ApiError error = new ApiError(ErrorCode.forStatus(status), message(context, status));
        return formats.shape(response, context.getRequest(), error);
    }

    private static String message(ErrorContext context, int status) {
        if (status >= 500 && status != 503) {
            // Micronaut puts the exception's message here, which can carry SQL or engine internals; it is logged instead.
            return "Internal server error.";
        }
        if (status == 404) {
            // Micronaut says "Page Not Found"; name what was not found instead.
            return "Not found: " + context.getRequest().getMethodName() + " " + context.getRequest().getPath() + ".";
        }
        if (status == 413) {
            // Micronaut's text names the configured maximum ("… maximum allowed content length [68157440]"); the
            // limits a client may rely on are documented instead (README, "Errors").
            return "The request is too large: its URI, headers or body exceed what this endpoint accepts.";
        }
        if (context.hasErrors()) {
            Error first = context.getErrors().getFirst();
            String message = first.getMessage();
            if (FRAMEWORK_INTERNALS.matcher(message).find()) {
                // A binding failure's text names Java types and the JSON parser ("Cannot deserialize value of type
                // `java.lang.Integer`…"); say what is wrong in the API's words instead (found by the fuzzer).
                return "A field or parameter has a value of the wrong type (e.g. text where a number belongs, or an "
                        + "object where a string belongs).";
            }
            return first.getPath().map(path -> path + ": " + message).orElse(message);
        }
        return status == 405 ? "Method not allowed." : "Request failed with status " + status + ".";
    }
}
