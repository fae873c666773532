package dev.tally.api.error;

import dev.tally.api.clicklog.ClickLogErrorFormat;
import dev.tally.api.clicks.ClicksViewsErrorFormat;
import dev.tally.api.linkreport.LinkReportErrorFormat;
import dev.tally.api.slug.SlugAnalyticsErrorFormat;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which format owns which path, and the exact JSON each format writes (from the seeds). */
class ErrorFormatsTest {
    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final NativeErrorFormat NATIVE = new NativeErrorFormat();
    private static final ErrorFormats FORMATS = new ErrorFormats(List.of(NATIVE, new ClicksViewsErrorFormat(),
            new LinkReportErrorFormat(), new ClickLogErrorFormat(), new SlugAnalyticsErrorFormat()), NATIVE);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/api/v1/analytics/clicks, ClicksViewsErrorFormat",
            "/api/v1/analytics/views, ClicksViewsErrorFormat",
            "/api/v1/analytics/550e8400-e29b-41d4-a716-446655440000, LinkReportErrorFormat",
            "/api/v1/analytics, NativeErrorFormat",
            "/api/v1/events, NativeErrorFormat",
            "/api/v1/events/export, NativeErrorFormat",
            "/v1/analytics, ClickLogErrorFormat",
            "/v1, ClickLogErrorFormat",
            "/v10/analytics, NativeErrorFormat",
            "/api/v1/links/x7kQ2m/analytics, SlugAnalyticsErrorFormat",
            "/api/v1/links/x7kQ2m, NativeErrorFormat",
            "/api/v1/workspaces, NativeErrorFormat",
            "/health, NativeErrorFormat",
            "/abc123, NativeErrorFormat",
    })
    void eachPathFamilyHasItsFormat(String path, String format) {
        assertThat(FORMATS.forPath(path).getClass().getSimpleName()).isEqualTo(format);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/events|NOT_FOUND|{\"error\":{\"code\":\"not_found\",\"message\":\"m\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-not_found\"}}",
            "/api/v1/events|RATE_LIMITED|{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"m\",\"doc_url\":\"https://github.com/tally-dev/tally/blob/main/README.md#errors-rate_limit_exceeded\"}}",
            "/api/v1/analytics/clicks|UNAUTHORIZED|{\"error\":{\"code\":\"unauthorized\",\"message\":\"m\"}}",
            "/api/v1/analytics/views|BAD_REQUEST|{\"error\":{\"code\":\"validation_error\",\"message\":\"m\"}}",
            "/api/v1/analytics/lnk_1|NOT_FOUND|{\"success\":false,\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"m\"}}",
            "/api/v1/analytics/lnk_1|FORBIDDEN|{\"success\":false,\"error\":{\"code\":\"FORBIDDEN\",\"message\":\"m\"}}",
            "/v1/analytics|UNAUTHORIZED|{\"success\":false,\"status_code\":401,\"data\":null,\"message\":\"m\"}",
            "/v1/analytics|BAD_REQUEST|{\"success\":false,\"status_code\":400,\"data\":null,\"message\":\"m\"}",
            "/api/v1/links/x7kQ2m/analytics|NOT_FOUND|{\"error\":\"not_found\",\"message\":\"m\",\"status\":404}",
            "/api/v1/links/x7kQ2m/analytics|FORBIDDEN|{\"error\":\"forbidden\",\"message\":\"m\",\"status\":403}",
    })
    void writesEachSeedsShape(String path, ErrorCode code, String json) throws IOException {
        assertThat(JSON.writeValueAsString(FORMATS.forPath(path).body(new ApiError(code, "m")))).isEqualTo(json);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/analytics/clicks|{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"m\",\"retry_after\":12}}",
            "/api/v1/analytics/lnk_1|{\"success\":false,\"error\":{\"code\":\"RATE_LIMIT_EXCEEDED\",\"message\":\"m\",\"details\":{\"retry_after\":12}}}",
            "/v1/analytics|{\"success\":false,\"status_code\":429,\"data\":null,\"message\":\"m\"}",
            "/api/v1/links/x7kQ2m/analytics|{\"error\":\"rate_limited\",\"message\":\"m\",\"status\":429}",
    })
    void rateLimitAnswersCarryTheRetryWhereTheSeedDoes(String path, String json) throws IOException {
        assertThat(JSON.writeValueAsString(FORMATS.forPath(path).body(new ApiError(ErrorCode.RATE_LIMITED, "m", 12L))))
                .isEqualTo(json);
    }
}
