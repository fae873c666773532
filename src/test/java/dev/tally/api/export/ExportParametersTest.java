package dev.tally.api.export;

import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.support.TestWorkspaces;
import dev.tally.support.TestWorkspaces.TestWorkspace;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad export parameters are 400s in the native error format naming the parameter, before any byte of a file. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportParametersTest {
    @Inject
    EmbeddedServer server;
    @Inject
    TestWorkspaces workspaces;

    TestWorkspace business;
    TestWorkspace other;
    ExportDownloads downloads;

    @BeforeAll
    void keys() {
        business = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        other = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        downloads = new ExportDownloads(server);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "format=xml|format must be one of csv, tsv, ndjson, parquet, arrow, got 'xml'.",
            "compression=brotli|compression must be one of none, gzip, zstd, got 'brotli'.",
            "format=parquet&compression=zstd|compression applies to csv, tsv and ndjson; parquet compresses inside the file (zstd).",
            "format=csv&format=tsv|format is given 2 times; pass it once.",
            "event=composite|event must be one of all, clicks, leads, sales, views, got 'composite'.",
            "limit=10|Unknown parameter 'limit': an export has no row cap and no pages; it streams every matching event.",
            "after=yesterday|after must be a cursor from a previous pull's X-Tally-Next-Cursor header, or 0 for the beginning, got 'yesterday'.",
            "after=c1.!!!|after must be a cursor from a previous pull's X-Tally-Next-Cursor header, or 0 for the beginning, got 'c1.!!!'.",
            "after=0&start=2026-01-01|start does not apply with after: an incremental pull reads by ingestion time, every event ingested after the cursor whatever its timestamp.",
            "after=0&interval=7d|interval does not apply with after: an incremental pull reads by ingestion time, every event ingested after the cursor whatever its timestamp.",
            "until=0|until must be used together with after.",
            "country=USA|country must be 2-letter ISO 3166-1 country codes (e.g. US,GB), got 'USA'.",
            "timezone=Mars/Base|timezone must be an IANA time zone such as America/New_York, got 'Mars/Base'."})
    void badParametersAreNamed(String query, String message) {
        HttpResponse<String> answer = downloads.asText(query, business.apiKey());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(answer.body()).contains("\"code\":\"bad_request\"").contains(json(message));
    }

    @Test
    void aCursorOfAnotherWorkspaceIsRefused() {
        String foreign = new SyncCursor(Instant.parse("2026-01-01T00:00:00Z")).encode(other.workspace().id());
        HttpResponse<String> answer = downloads.asText("after=" + foreign, business.apiKey());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("after is a cursor of another workspace; use the cursors of this key's workspace.");
    }

    @Test
    void anUntilLaterThanTheSettledBoundIsRefused() {
        String future = new SyncCursor(Instant.now().plusSeconds(3600)).encode(business.workspace().id());
        HttpResponse<String> answer = downloads.asText("after=0&until=" + future, business.apiKey());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("until is later than the settled bound");
    }

    @Test
    void needsTheBusinessPlanAndTheAnalyticsScope() {
        TestWorkspace pro = workspaces.create(Plan.PRO, ZoneId.of("UTC"), Scope.ANALYTICS_READ);
        assertThat(downloads.asText("format=csv", pro.apiKey()).statusCode()).isEqualTo(403);
        TestWorkspace writer = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.EVENTS_WRITE);
        assertThat(downloads.asText("format=csv", writer.apiKey()).statusCode()).isEqualTo(403);
        assertThat(downloads.asText("format=csv", "tly_live_unknown").statusCode()).isEqualTo(401);
    }

    private static String json(String message) {
        return message.replace("\"", "\\\"");
    }
}
