package dev.tally.ingest;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.sql.DateTime64Text;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * One row of the {@code events} table (column names as in 0002_events.sql). Ingest writes it as RowBinary
 * ({@link RowBinaryEncoder}); as JSON it is what a JSONEachRow insert of the same row would carry.
 */
@Serdeable
public record EventRow(
        @JsonProperty("workspace_id") String workspaceId,
        @JsonProperty("event_id") String eventId,
        @JsonProperty("event_type") String eventType,
        @JsonFormat(pattern = DateTime64Text.PATTERN, timezone = "UTC") Instant timestamp,
        @JsonProperty("link_id") String linkId,
        @JsonProperty("page_id") String pageId,
        String domain,
        String key,
        String url,
        @JsonProperty("click_id") String clickId,
        String trigger,
        String country,
        String region,
        String city,
        String continent,
        String device,
        String browser,
        String os,
        boolean bot,
        String referer,
        @JsonProperty("referer_url") String refererUrl,
        @JsonProperty("utm_source") String utmSource,
        @JsonProperty("utm_medium") String utmMedium,
        @JsonProperty("utm_campaign") String utmCampaign,
        @JsonProperty("utm_term") String utmTerm,
        @JsonProperty("utm_content") String utmContent,
        @JsonProperty("ip_hash") long ipHash,
        @JsonProperty("customer_id") String customerId,
        @JsonProperty("event_name") String eventName,
        long amount,
        String currency,
        @JsonProperty("sale_type") String saleType,
        @JsonProperty("invoice_id") String invoiceId,
        @JsonProperty("payment_processor") String paymentProcessor,
        String metadata) {
}
