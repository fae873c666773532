package dev.tally.api;

import dev.tally.auth.Plan;
import dev.tally.support.HttpAnswer;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dates at and past the edges on every surface over real HTTP: a clear 400 in the surface's own format, and
 * a long but legal range answers a bounded series. Regression tests for a timeseries with {@code end} far in
 * the future and no {@code start}, which once built hourly buckets up to year 9999 until the heap ran out.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DateEdgesTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    TestWorkspaces workspaces;

    TestWorkspace owner;

    @BeforeAll
    void workspace() {
        owner = workspaces.create(Plan.BUSINESS);
    }

    private HttpAnswer get(String path) {
        return HttpAnswer.send(client, HttpRequest.GET(path).bearerAuth(owner.apiKey()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/v1/analytics?groupBy=timeseries&end=9999-12-31",
            "/api/v1/analytics?groupBy=timeseries&end=2299-12-31",
            "/api/v1/analytics?groupBy=timeseries&start=0000-01-01",
            "/api/v1/analytics?groupBy=timeseries&start=10000-01-01",
            "/api/v1/analytics?groupBy=count&start=%2B999999999-01-01",
            "/api/v1/analytics?groupBy=count&end=-999999999-01-01",
            "/api/v1/events?end=9999-12-31",
            "/api/v1/events?start=1899-12-31"})
    void nativeSurfacesRefuseDatesOutsideWhatTheStoreHolds(String path) {
        HttpAnswer answer = get(path);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.error()).containsEntry("code", "bad_request");
        assertThat((String) answer.error().get("message")).matches("(start|end|the range).*");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/v1/analytics/clicks?end=9999-12-31|end must be a date between 1900-01-01 and 2299-12-31, got '9999-12-31'.",
            "/api/v1/analytics/views?start=0000-01-01|start must be a date between 1900-01-01 and 2299-12-31, got '0000-01-01'.",
            "/api/v1/analytics/clicks?start=10000-01-01&end=10000-01-02|start must be an ISO 8601 date or date-time "
                    + "(e.g. 2026-03-01 or 2026-03-01T00:00:00Z); got '10000-01-01'."})
    void seed000RefusesThemInItsFormat(String path, String message) {
        HttpAnswer answer = get(path);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json()).isEqualTo(Map.of("error", Map.of("code", "validation_error", "message", message)));
    }

    @Test
    void seed003RefusesThemInItsEnvelope() {
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.POST("/v1/analytics", Map.of("start", "2026-01-01", "end", "9999-12-31"))
                .contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(owner.apiKey()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json()).containsEntry("success", false);
        assertThat(answer.body()).contains("end must be a date between 1900-01-01 and 2299-12-31, got '9999-12-31'.");
    }

    @Test
    void aCenturyLongTimeseriesAnswersMonthlyBuckets() throws IOException {
        HttpAnswer answer = get("/api/v1/analytics?groupBy=timeseries&start=2026-01-01&end=2100-01-01");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).startsWith("[");
        List<?> series = JsonMapper.createDefault().readValue(answer.body(), List.class);
        assertThat(series).hasSize(74 * 12);
    }
}
