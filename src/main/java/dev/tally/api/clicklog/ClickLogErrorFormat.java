package dev.tally.api.clicklog;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.ErrorFormat;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.util.regex.Pattern;

/**
 * {@code /v1/**}, i.e. {@code POST /v1/analytics} (seeds/003): the seed's envelope for every answer,
 * {@code {"success": false, "status_code": 404, "data": null, "message": "…"}}.
 */
@Singleton
public final class ClickLogErrorFormat implements ErrorFormat {
    private static final Pattern PATHS = Pattern.compile("/v1(/.*)?");

    @Override
    public boolean appliesTo(String path) {
        return PATHS.matcher(path).matches();
    }

    @Override
    public Object body(ApiError error) {
        return new Body(false, error.code().status().getCode(), null, error.message());
    }

    @Override
    public int getOrder() {
        return 30;
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Body(boolean success, int status_code, @Nullable Object data, String message) {
    }
}
