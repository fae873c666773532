package dev.tally.api.events;

import dev.tally.links.Link;
import dev.tally.store.Row;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of {@code GET /api/v1/events}: event objects discriminated by {@code event}
 * ({@code click|lead|sale}) in Dub's published event schema, with the fields its SDK requires
 * ({@link DubEventFields}). The raw IP is never stored, so {@code ip} is always empty.
 */
final class EventsResponse {
    private EventsResponse() {
    }

    static List<Map<String, Object>> body(List<Row> rows, JsonMapper json) {
        return rows.stream().map(row -> event(row, json)).toList();
    }

    private static Map<String, Object> event(Row row, JsonMapper json) {
        String type = row.string("event");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", type);
        out.put("timestamp", iso(row.instant("timestamp")));
        switch (type) {
            case "click" -> { }
            case "lead", "sale" -> {
                out.put("eventId", row.string("event_id"));
                out.put("eventName", row.string("event_name"));
            }
            default -> throw new IllegalStateException("the events list does not list " + type + " events");
        }
        if (type.equals("sale")) {
            Map<String, Object> sale = new LinkedHashMap<>();
            sale.put("amount", row.longValue("amount"));
            sale.put("currency", row.string("currency"));
            sale.put("invoiceId", emptyToNull(row.string("invoice_id")));
            sale.put("paymentProcessor", row.string("payment_processor"));
            out.put("sale", sale);
            DubEventFields.addToSale(out, sale);
        }
        if (!type.equals("click")) {
            out.put("metadata", metadata(row.string("metadata"), json));
        }
        Map<String, Object> click = click(row, type);
        Map<String, Object> link = link(row);
        out.put("click", click);
        out.put("link", link);
        if (!type.equals("click")) {
            out.put("customer", DubEventFields.customer(row.string("customer_id"), iso(row.instant("timestamp"))));
        }
        DubEventFields.addFlat(out, click, link);
        return out;
    }

    private static Map<String, Object> click(Row row, String type) {
        Map<String, Object> click = new LinkedHashMap<>();
        click.put("id", type.equals("click") ? row.string("event_id") : row.string("click_id"));
        click.put("timestamp", iso(row.instant("timestamp")));
        click.put("url", row.string("url"));
        click.put("country", row.string("country"));
        click.put("city", row.string("city"));
        click.put("region", row.string("region"));
        click.put("continent", row.string("continent"));
        click.put("device", row.string("device"));
        click.put("browser", row.string("browser"));
        click.put("os", row.string("os"));
        click.put("trigger", row.string("trigger"));
        click.put("referer", row.string("referer").isEmpty() ? "(direct)" : row.string("referer"));
        click.put("refererUrl", row.string("referer_url").isEmpty() ? "(direct)" : row.string("referer_url"));
        click.put("qr", row.string("trigger").equals("qr"));
        // The raw IP is never stored; Dub's schema wants a string, so it is always empty.
        click.put("ip", "");
        return click;
    }

    private static Map<String, Object> link(Row row) {
        Map<String, Object> link = new LinkedHashMap<>();
        String domain = row.string("domain");
        String key = row.string("key");
        link.put("id", row.string("link_id"));
        link.put("domain", domain);
        link.put("key", key);
        link.put("url", emptyToNull(row.string("link_url")));
        link.put("shortLink", Link.shortLink(domain, key));
        link.put("externalId", emptyToNull(row.string("link_external_id")));
        link.put("tenantId", emptyToNull(row.string("link_tenant_id")));
        link.put("folderId", emptyToNull(row.string("link_folder_id")));
        List<String> tags = row.list("link_tag_ids");
        // Tally's tags are bare ids: Dub's schema also wants a name and a colour, so the name is the id, the colour gray.
        link.put("tags", tags.stream().map(id -> Map.of("id", id, "name", id, "color", "gray")).toList());
        Instant created = row.instant("link_created_at");
        link.put("createdAt", created == null || created.equals(Instant.EPOCH) ? null : iso(created));
        DubEventFields.addToLink(link, row);
        return link;
    }

    private static Object metadata(String text, JsonMapper json) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return json.readValue(text, Object.class);
        } catch (IOException e) {
            // Tricky: ingest validates metadata as a JSON object, but a row written another way may not be;
            // answer its text rather than failing the whole page.
            return text;
        }
    }

    private static String iso(Instant instant) {
        return instant.toString();
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
