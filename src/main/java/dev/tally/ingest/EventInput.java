package dev.tally.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One event as a client sends it (DESIGN.md section 4); every field optional until validated. {@code amount}
 * stays a JSON node so that 12.9 or true is rejected, not coerced to 12 or 1 (issue 11, defect 9).
 */
@Serdeable
public record EventInput(
        @Nullable String event,
        @Nullable @JsonProperty("event_id") String eventId,
        @Nullable String timestamp,
        @Nullable @JsonProperty("link_id") String linkId,
        @Nullable String domain,
        @Nullable String key,
        @Nullable @JsonProperty("page_id") String pageId,
        @Nullable String ip,
        @Nullable @JsonProperty("user_agent") String userAgent,
        @Nullable String referer,
        @Nullable String url,
        @Nullable String trigger,
        @Nullable String country,
        @Nullable String region,
        @Nullable String city,
        @Nullable String continent,
        @Nullable String device,
        @Nullable String browser,
        @Nullable String os,
        @Nullable @JsonProperty("click_id") String clickId,
        @Nullable @JsonProperty("customer_id") String customerId,
        @Nullable @JsonProperty("event_name") String eventName,
        @Nullable JsonNode amount,
        @Nullable String currency,
        @Nullable @JsonProperty("sale_type") String saleType,
        @Nullable @JsonProperty("invoice_id") String invoiceId,
        @Nullable @JsonProperty("payment_processor") String paymentProcessor,
        @Nullable JsonNode metadata) {
}
