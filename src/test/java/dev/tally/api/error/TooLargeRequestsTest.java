package dev.tally.api.error;

import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.support.HttpAnswer;
import dev.tally.support.TestWorkspaces;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests over the server's limits (body, headers, URI) answer 413 in the aimed-at surface's own format,
 * with a 413 code rather than {@code bad_request}, and without naming the configured maxima. The body cap
 * is lowered here so a test body stays small.
 */
@MicronautTest
@Property(name = "micronaut.server.max-request-size", value = "65536")
@Property(name = "spec.name", value = "TooLargeRequestsTest")
class TooLargeRequestsTest {
    private static final String BIG_HEADER = "x".repeat(10_000);

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    TestWorkspaces workspaces;

    @Test
    void aLongLinkIdOrSlugReachesItsSurfaceAndIsItsOwn404() {
        String key = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ).apiKey();
        String longId = "y".repeat(6_000);
        HttpAnswer report = HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics/" + longId).bearerAuth(key));
        assertThat(report.status()).isEqualTo(404);
        assertThat(report.json()).containsEntry("success", false);
        assertThat(report.error()).containsEntry("code", "NOT_FOUND");
        HttpAnswer slug = HttpAnswer.send(client, HttpRequest.GET("/api/v1/links/" + longId + "/analytics").bearerAuth(key));
        assertThat(slug.status()).isEqualTo(404);
        assertThat(slug.json()).containsEntry("error", "not_found").containsEntry("status", 404);
    }

    @Test
    void headersTooLargeAnswerInTheLinkReportAndSlugFormats() {
        HttpAnswer report = HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics/lnk_x").header("X-Big", BIG_HEADER));
        assertThat(report.status()).isEqualTo(413);
        assertThat(report.json()).containsEntry("success", false);
        assertThat(report.error()).containsEntry("code", "PAYLOAD_TOO_LARGE");
        HttpAnswer slug = HttpAnswer.send(client, HttpRequest.GET("/api/v1/links/abc/analytics").header("X-Big", BIG_HEADER));
        assertThat(slug.status()).isEqualTo(413);
        assertThat(slug.json()).containsEntry("error", "payload_too_large").containsEntry("status", 413);
        assertNamesNoConfiguration(report.body());
        assertNamesNoConfiguration(slug.body());
    }

    @Test
    void aBodyOverTheCapIsA413InTheClickLogEnvelopeAndTheNativeFormat() {
        String key = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ, Scope.LINKS_WRITE).apiKey();
        String body = "{\"start\":\"" + "1".repeat(70_000) + "\"}";
        HttpAnswer clickLog = HttpAnswer.send(client, HttpRequest.POST("/v1/analytics", body).contentType(MediaType.APPLICATION_JSON_TYPE)
                .bearerAuth(key));
        assertThat(clickLog.status()).isEqualTo(413);
        assertThat(clickLog.json()).containsEntry("success", false).containsEntry("status_code", 413);
        HttpAnswer links = HttpAnswer.send(client, HttpRequest.POST("/api/v1/links", body).contentType(MediaType.APPLICATION_JSON_TYPE)
                .bearerAuth(key));
        assertThat(links.status()).isEqualTo(413);
        assertThat(links.error()).containsEntry("code", "payload_too_large")
                .containsEntry("message", "The request is too large: its URI, headers or body exceed what this endpoint accepts.");
        assertNamesNoConfiguration(clickLog.body());
    }

    @Test
    void aWrongContentTypeIsA415NotABadRequest() {
        HttpAnswer answer = HttpAnswer.send(client, HttpRequest.POST("/api/v1/links", "url=x").contentType(MediaType.TEXT_PLAIN_TYPE)
                .bearerAuth(workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.LINKS_WRITE).apiKey()));
        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.error()).containsEntry("code", "unsupported_media_type");
    }

    private static void assertNamesNoConfiguration(String body) {
        assertThat(body).doesNotContain("65536").doesNotContain("content length").doesNotContain("max-request-size");
    }
}
