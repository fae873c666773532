package dev.tally.api.error;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The native error shape with a surface's own code, for errors more specific than {@link ErrorCode}
 * (e.g. {@code key_conflict}, {@code batch_too_large}):
 * {@code {"error": {"code": "…", "message": "…", "doc_url": "…#…"}}}.
 */
@Serdeable
public record NativeErrorBody(Detail error) {

    public static NativeErrorBody of(String code, String message) {
        return new NativeErrorBody(Detail.of(code, message));
    }

    /** The object under {@code error}. */
    @Serdeable
    public record Detail(String code, String message, @JsonProperty("doc_url") String docUrl) {
        public static Detail of(String code, String message) {
            return new Detail(code, message, NativeErrorFormat.DOC_URL + "-" + code);
        }
    }
}
