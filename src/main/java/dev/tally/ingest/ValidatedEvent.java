package dev.tally.ingest;

import dev.tally.links.Link;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * An event that passed validation, its link resolved within the workspace (absent only for views without
 * one, and for leads and sales that take their click's link). Strings are never null: absent is empty.
 */
public record ValidatedEvent(
        EventType type, String eventId, boolean clientEventId, Instant timestamp, @Nullable Link link, String pageId,
        String ip, String userAgent, String referer, String url, String trigger,
        String country, String region, String city, String continent, String device, String browser, String os,
        String clickId, String customerId, String eventName, long amount, String currency, String saleType,
        String invoiceId, String paymentProcessor, String metadata) {
}
