package dev.tally.api.events;

import dev.tally.store.Row;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields Dub's published event schema requires (its SDK refuses an event without them) that name
 * features Tally does not have, each with one fixed, documented value (README, "Events list: Dub's
 * fields"): Tally links have no expiry, password, cloaking, device targeting, A/B tests, webhooks or
 * per-link conversion switch, so those are {@code null}/{@code false}/empty; {@code qrCode} is the short
 * link with {@code ?qr=1} (what a QR code should encode, so scans count as trigger {@code qr});
 * {@code projectId} (Dub's old name) is the workspace id. The deprecated flat fields ({@code click_id},
 * {@code link_id}, {@code domain}, …) repeat the nested ones.
 */
final class DubEventFields {
    // Dub's payment processors; a sale recorded without one is "custom", as Dub defaults it.
    private static final Set<String> PAYMENT_PROCESSORS =
            Set.of("stripe", "shopify", "polar", "paddle", "apple", "revenuecat", "lemonsqueezy", "dub", "custom");

    private DubEventFields() {
    }

    static void addToLink(Map<String, Object> link, Row row) {
        // A link deleted since the event has no current row: Dub's schema wants strings, so these are empty.
        for (String field : List.of("url", "createdAt")) {
            if (link.get(field) == null) {
                link.put(field, "");
            }
        }
        link.put("trackConversion", false);
        link.put("programId", null);
        link.put("partnerId", emptyToNull(row.string("link_partner_id")));
        link.put("archived", false);
        link.put("expiresAt", null);
        link.put("expiredUrl", null);
        link.put("disabledAt", null);
        link.put("password", null);
        link.put("proxy", false);
        link.put("title", emptyToNull(row.string("link_title")));
        link.put("description", null);
        link.put("image", null);
        link.put("video", null);
        link.put("rewrite", false);
        link.put("doIndex", false);
        link.put("ios", null);
        link.put("android", null);
        link.put("geo", null);
        link.put("publicStats", false);
        link.put("comments", null);
        link.put("qrCode", link.get("shortLink") + "?qr=1");
        for (String utm : List.of("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")) {
            link.put(utm, null);
        }
        link.put("testStartedAt", null);
        link.put("testCompletedAt", null);
        link.put("userId", null);
        link.put("workspaceId", row.string("workspace_id"));
        link.put("lastClicked", null);
        Instant updated = row.instant("link_updated_at");
        link.put("updatedAt", updated == null || updated.equals(Instant.EPOCH) ? link.get("createdAt") : updated.toString());
        link.put("tagId", null);
        link.put("projectId", row.string("workspace_id"));
        link.put("webhookIds", List.of());
    }

    /** The deprecated flat copies of the click's and link's fields. */
    static void addFlat(Map<String, Object> event, Map<String, Object> click, Map<String, Object> link) {
        event.put("click_id", click.get("id"));
        event.put("link_id", link.get("id"));
        event.put("domain", link.get("domain"));
        event.put("key", link.get("key"));
        event.put("url", click.get("url"));
        for (String field : List.of("continent", "country", "city", "device", "browser", "os")) {
            event.put(field, click.get(field));
        }
        event.put("qr", Boolean.TRUE.equals(click.get("qr")) ? 1 : 0);
        event.put("ip", click.get("ip"));
    }

    static void addToSale(Map<String, Object> event, Map<String, Object> sale) {
        String processor = (String) sale.get("paymentProcessor");
        if (processor == null || !PAYMENT_PROCESSORS.contains(processor)) {
            sale.put("paymentProcessor", "custom");
        }
        event.put("saleAmount", sale.get("amount"));
        event.put("invoice_id", sale.get("invoiceId") == null ? "" : sale.get("invoiceId"));
        event.put("payment_processor", sale.get("paymentProcessor"));
    }

    /** Tally keeps no customer records: the id the caller sent is also its external id; the event's time stands for createdAt. */
    static Map<String, Object> customer(String customerId, String eventTimestamp) {
        return Map.of("id", customerId, "externalId", customerId, "createdAt", eventTimestamp);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
