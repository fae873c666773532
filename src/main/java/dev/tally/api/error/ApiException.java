package dev.tally.api.error;

import java.util.Objects;

/**
 * Thrown by controllers for a 4xx (or 5xx) answer; {@link ApiExceptionHandler} renders it in the format of
 * the surface the request was aimed at. Use {@link #notFound} for ids that do not exist in the caller's
 * workspace: another workspace's id must answer exactly like an unknown one.
 */
public final class ApiException extends RuntimeException {
    private final ApiError error;

    public ApiException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.error = new ApiError(Objects.requireNonNull(code, "code"), message);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.NOT_FOUND, message);
    }

    public ApiError error() {
        return error;
    }
}
