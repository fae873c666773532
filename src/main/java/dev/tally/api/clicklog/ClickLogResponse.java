package dev.tally.api.clicklog;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tally.auth.Workspace;
import dev.tally.store.Row;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Seeds/003's envelope {@code {success, status_code, data, message}}, one element per click. Tally's ids are
 * strings ({@code evt_…}, {@code ws_…}, link ids), not the seed's integers; {@code created_at} is the click's
 * time in the workspace's zone (ISO 8601 with offset; {@code Z} for UTC); {@code platform} is the OS;
 * {@code referrer} the full referring URL; unknown {@code country}/{@code referrer}/{@code url_id} are null.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record ClickLogResponse(boolean success, int status_code, List<Click> data, String message) {
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Click(String id, String workspace_id, String organization_id, @Nullable String url_id, String domain, String created_at,
                 String url_slug, String device_type, String platform, String browser, @Nullable String country,
                 @Nullable String referrer) {
    }

    static ClickLogResponse of(Workspace workspace, List<Row> rows) {
        return new ClickLogResponse(true, 200, rows.stream().map(row -> click(workspace, row)).toList(), "");
    }

    private static Click click(Workspace workspace, Row row) {
        return new Click(row.string("event_id"), workspace.id(), workspace.organizationId(), emptyToNull(row.string("link_id")),
                row.string("domain"), DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(row.instant("timestamp").atZone(workspace.timeZone())),
                row.string("key"), row.string("device").toLowerCase(Locale.ROOT), row.string("os"), row.string("browser"),
                emptyToNull(row.string("country")), emptyToNull(row.string("referer_url")));
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
