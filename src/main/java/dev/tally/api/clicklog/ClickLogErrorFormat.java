package dev.tally.api.clicklog;

import dev.tally.api.error.ApiError;
import dev.tally.api.error.ErrorCode;
import dev.tally.api.error.PathErrorFormat;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * {@code /v1/**}, i.e. {@code POST /v1/analytics} (seeds/003): the seed's envelope for every answer,
 * {@code {"success": false, "status_code": 404, "data": null, "message": "…"}}.
 */
@Singleton
public final class ClickLogErrorFormat extends PathErrorFormat {
    public ClickLogErrorFormat() {
        super("/v1(/.*)?", 30);
    }

    @Override
    public Object body(ApiError error) {
        return new Body(false, error.code().status().getCode(), null, error.message());
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Body(boolean success, int status_code, @Nullable Object data, String message) {
    }
}
