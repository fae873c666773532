package dev.tally.api.analytics;

import dev.tally.auth.Plan;
import dev.tally.auth.Scope;
import dev.tally.query.TimeZones;
import dev.tally.sql.Sql;
import dev.tally.store.ClickHouse;
import dev.tally.store.Row;
import dev.tally.support.HttpAnswer;
import dev.tally.support.TestWorkspaces;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zones are accepted only when the engine knows them too: Java's 13 {@code SystemV/*} zones used to pass
 * the admin API and the {@code timezone} parameter and then fail every query of that workspace (500).
 */
@MicronautTest
@Property(name = "tally.admin.token", value = EngineTimeZonesTest.ADMIN_TOKEN)
@Property(name = "spec.name", value = "EngineTimeZonesTest")
class EngineTimeZonesTest {
    static final String ADMIN_TOKEN = "test-admin-token-engine-time-zones";

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ClickHouse clickHouse;
    @Inject
    TimeZones timeZones;
    @Inject
    TestWorkspaces workspaces;

    @Test
    void javaZonesTheEngineLacksAreTheSystemVFamilyAndAreRefusedEverywhere() {
        // Independent of the bean: the engine's list read here, compared with Java's.
        Set<String> engine = clickHouse.query(Sql.of("SELECT time_zone FROM system.time_zones")).rows().stream()
                .map((Row row) -> row.string("time_zone")).collect(Collectors.toSet());
        Set<String> javaOnly = new TreeSet<>(ZoneId.getAvailableZoneIds());
        javaOnly.removeAll(engine);
        assertThat(javaOnly).isNotEmpty().anyMatch(zone -> zone.startsWith("SystemV/"));

        String key = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ).apiKey();
        for (String zone : javaOnly) {
            assertThat(timeZones.find(zone)).as(zone).isEmpty();
            HttpAnswer created = HttpAnswer.send(client, HttpRequest.POST("/api/v1/workspaces", Map.of("name", "z", "time_zone", zone))
                    .bearerAuth(ADMIN_TOKEN));
            assertThat(created.status()).as(zone).isEqualTo(400);
            assertThat(created.error()).containsEntry("message",
                    "time_zone must be an IANA time zone such as Europe/Berlin; got '" + zone + "'.");
            HttpAnswer query = HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics?groupBy=timeseries&timezone="
                    + URLEncoder.encode(zone, StandardCharsets.UTF_8)).bearerAuth(key));
            assertThat(query.status()).as(zone).isEqualTo(400);
            assertThat(query.error()).containsEntry("message", "timezone must be an IANA time zone such as America/New_York, got '" + zone + "'.");
        }
    }

    @Test
    void zonesBothKnowAreAccepted() {
        String key = workspaces.create(Plan.BUSINESS, ZoneId.of("UTC"), Scope.ANALYTICS_READ).apiKey();
        for (String zone : Set.of("UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Europe/Berlin")) {
            assertThat(timeZones.find(zone)).as(zone).contains(ZoneId.of(zone));
            HttpAnswer query = HttpAnswer.send(client, HttpRequest.GET("/api/v1/analytics?groupBy=timeseries&timezone=" + zone).bearerAuth(key));
            assertThat(query.status()).as(zone).isEqualTo(200);
        }
        assertThat(timeZones.find("+05:30")).isEmpty();
        assertThat(timeZones.find("UTC+3")).isEmpty();
    }
}
