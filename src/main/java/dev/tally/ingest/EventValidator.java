package dev.tally.ingest;

import dev.tally.base.WellFormedText;
import dev.tally.auth.Workspace;
import dev.tally.enrich.GeoLocation;
import dev.tally.enrich.IpAddresses;
import dev.tally.links.Link;
import dev.tally.links.LinkCatalog;
import dev.tally.query.EventType;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One event line → a {@link ValidatedEvent}, or an {@link InvalidEventException} with the precise reason.
 * Links are resolved in the caller's workspace only: another workspace's link is as unknown as a missing one.
 */
@Singleton
public final class EventValidator {
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
    private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");
    private static final Pattern ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final int MAX_TEXT = 4096;
    private static final int MAX_METADATA_DEPTH = 32;
    private static final Argument<EventInput> EVENT_INPUT = Argument.of(EventInput.class);

    private final JsonMapper json;
    private final LinkCatalog links;

    public EventValidator(JsonMapper json, LinkCatalog links) {
        this.json = json;
        this.links = links;
    }

    /** Parses one JSON object. */
    public EventInput parse(byte[] line) {
        try {
            EventInput input = json.readValue(line, EVENT_INPUT);
            if (input == null) {
                throw new InvalidEventException(RejectionCode.INVALID_JSON, "an event must be a JSON object");
            }
            return input;
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidEventException invalid) {
                throw invalid;
            }
            throw new InvalidEventException(RejectionCode.INVALID_JSON, "invalid JSON: " + firstLine(e.getMessage()));
        }
    }

    /** Checks a parsed event; {@code expected} is the type a {@code /track/<type>} path fixes. */
    public ValidatedEvent validate(Workspace workspace, EventInput input, Optional<EventType> expected,
                                   String defaultEventId, Instant now) {
        EventType type = type(input.event(), expected);
        String eventId = input.eventId() == null ? defaultEventId : id("event_id", input.eventId());
        Instant timestamp = timestamp(input.timestamp(), now);
        Link link = link(workspace, input);
        String pageId = text("page_id", input.pageId());
        String clickId = input.clickId() == null ? "" : id("click_id", input.clickId());
        switch (type) {
            case CLICK -> requireLink(link, "a click");
            case VIEW -> {
                if (pageId.isEmpty()) {
                    throw invalid("a view needs page_id");
                }
            }
            case LEAD, SALE -> {
                if (link == null && clickId.isEmpty()) {
                    throw invalid("a " + type.publicName() + " needs click_id, link_id, or domain and key");
                }
            }
        }
        long amount = amount(type, input.amount());
        String ip = input.ip() == null ? "" : input.ip().strip();
        if (!ip.isEmpty() && !IpAddresses.isValid(ip)) {
            throw invalid("ip '" + abbreviate(ip) + "' is not an IPv4 or IPv6 address");
        }
        Visit visit = new Visit(ip, text("user_agent", input.userAgent()), text("referer", input.referer()), text("url", input.url()),
                trigger(input.trigger()),
                new GeoLocation(upper(text("country", input.country())), upper(text("region", input.region())), text("city", input.city()),
                        upper(text("continent", input.continent()))),
                text("device", input.device()), text("browser", input.browser()), text("os", input.os()));
        Conversion conversion = new Conversion(text("customer_id", input.customerId()), text("event_name", input.eventName()), amount,
                currency(type, input.currency()), saleType(type, input.saleType()), text("invoice_id", input.invoiceId()),
                text("payment_processor", input.paymentProcessor()), metadata(input.metadata()));
        return new ValidatedEvent(type, eventId, input.eventId() != null, timestamp, link, pageId, clickId, visit, conversion);
    }

    private static EventType type(String event, Optional<EventType> expected) {
        if (event == null) {
            return expected.orElseThrow(() -> new InvalidEventException(RejectionCode.UNKNOWN_EVENT_TYPE,
                    "event is required: one of click, view, lead, sale"));
        }
        EventType type = EventType.fromPublicName(event).orElseThrow(() -> new InvalidEventException(
                RejectionCode.UNKNOWN_EVENT_TYPE, "unknown event type '" + abbreviate(event) + "': use click, view, lead or sale"));
        if (expected.isPresent() && expected.get() != type) {
            throw invalid("event '" + type.publicName() + "' sent to the " + expected.get().publicName() + " endpoint");
        }
        return type;
    }

    private static Instant timestamp(String text, Instant now) {
        if (text == null) {
            return now;
        }
        Instant timestamp;
        try {
            timestamp = instant(text);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(RejectionCode.BAD_TIMESTAMP, "timestamp '" + abbreviate(text)
                    + "' is not an ISO 8601 date-time with a zone, e.g. 2026-01-31T12:00:00Z");
        }
        if (timestamp.isBefore(EARLIEST) || timestamp.isAfter(now.plus(FUTURE_TOLERANCE))) {
            throw new InvalidEventException(RejectionCode.BAD_TIMESTAMP, "timestamp " + text
                    + " is out of range: from 2000-01-01 to one day from now");
        }
        return timestamp;
    }

    /**
     * {@link Instant#parse}, with a fast path for the form nearly every client sends,
     * {@code 2026-01-31T12:00:00[.fraction]Z}: Instant.parse's general ISO parser was 9 % of a batch's Java
     * time (ADR 0150). Any other form, or a field out of range, goes to Instant.parse, so what is accepted
     * and what it means are Instant.parse's.
     */
    static Instant instant(String text) {
        int length = text.length();
        if (length >= 20 && length <= 30 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(length - 1) == 'Z'
                && (length == 20 || text.charAt(19) == '.' && length > 21)) {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int fractionDigits = length == 20 ? 0 : length - 21;
            int nanos = fractionDigits == 0 ? 0 : digits(text, 20, length - 1);
            for (int i = fractionDigits; i < 9 && nanos > 0; i++) {
                nanos *= 10;
            }
            if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0 && nanos >= 0) {
                try {
                    return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                            .toInstant(java.time.ZoneOffset.UTC);
                } catch (java.time.DateTimeException e) {
                    // out of range: Instant.parse gives the verdict
                }
            }
        }
        return Instant.parse(text);
    }

    /** The non-negative number the ASCII digits {@code text[from, to)} spell, or -1. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private Link link(Workspace workspace, EventInput input) {
        if (input.linkId() != null) {
            return links.byId(workspace.id(), input.linkId()).orElseThrow(() -> new InvalidEventException(
                    RejectionCode.LINK_NOT_FOUND, "link '" + abbreviate(input.linkId()) + "' not found"));
        }
        if (input.domain() != null || input.key() != null) {
            if (input.domain() == null || input.key() == null) {
                throw invalid("domain and key go together: give both, or link_id");
            }
            String domain = input.domain().strip().toLowerCase(Locale.ROOT);
            return links.byDomainKey(workspace.id(), domain, input.key()).orElseThrow(() -> new InvalidEventException(
                    RejectionCode.LINK_NOT_FOUND, "link " + abbreviate(domain + "/" + input.key()) + " not found"));
        }
        return null;
    }

    private static void requireLink(Link link, String what) {
        if (link == null) {
            throw invalid(what + " needs link_id, or domain and key");
        }
    }

    private static long amount(EventType type, JsonNode node) {
        Long amount = node == null || node.isNull() ? null : wholeNumber(node);
        if (amount == null) {
            if (type == EventType.SALE) {
                throw invalid("a sale needs amount, in minor units (e.g. 1999 for 19.99)");
            }
            return 0;
        }
        if (amount < 0) {
            throw invalid("amount must not be negative");
        }
        return amount;
    }

    /** A JSON integer literal in the range of a long; anything else (12.9, 1e3, true, "12") is refused. */
    private static long wholeNumber(JsonNode node) {
        if (node.isNumber()) {
            Number number = node.getNumberValue();
            if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
                return number.longValue();
            }
            if (number instanceof java.math.BigInteger big && big.bitLength() < Long.SIZE) {
                return big.longValue();
            }
        }
        throw invalid("amount must be a whole number of minor units (e.g. 1999 for 19.99), at most " + Long.MAX_VALUE);
    }

    private static String currency(EventType type, String currency) {
        if (currency == null) {
            return type == EventType.SALE ? "USD" : "";
        }
        if (!CURRENCY.matcher(currency).matches()) {
            throw invalid("currency '" + abbreviate(currency) + "' is not a three-letter ISO 4217 code");
        }
        return currency.toUpperCase(Locale.ROOT);
    }

    private static String saleType(EventType type, String saleType) {
        if (saleType == null) {
            return type == EventType.SALE ? "new" : "";
        }
        if (!saleType.equals("new") && !saleType.equals("recurring")) {
            throw invalid("sale_type must be new or recurring, not '" + abbreviate(saleType) + "'");
        }
        return saleType;
    }

    private static String trigger(String trigger) {
        if (trigger == null) {
            return "";
        }
        return switch (trigger) {
            case "link", "qr", "pageview" -> trigger;
            default -> throw invalid("trigger must be link, qr or pageview, not '" + abbreviate(trigger) + "'");
        };
    }

    private String metadata(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return "";
        }
        if (!metadata.isObject()) {
            throw invalid("metadata must be a JSON object");
        }
        // Tricky: the JSON writer gives up past ~64 levels with an IllegalStateException, which used to fail
        // the whole batch (issue 11, defect 6); a precise limit checked first makes it this line's problem.
        if (depth(metadata) > MAX_METADATA_DEPTH) {
            throw invalid("metadata may nest objects and arrays at most " + MAX_METADATA_DEPTH + " levels deep");
        }
        try {
            String text = json.writeValueAsString(metadata);
            if (text.length() > 10 * MAX_TEXT) {
                throw invalid("metadata must be at most " + 10 * MAX_TEXT + " characters of JSON");
            }
            return wellFormed("metadata", text);
        } catch (IOException | RuntimeException e) {
            throw invalid("metadata could not be read: " + firstLine(e.getMessage()));
        }
    }

    /** How deep objects and arrays nest; also refuses a string value that is not valid Unicode text. */
    private static int depth(JsonNode node) {
        int deepest = 0;
        if (node.isString()) {
            wellFormed("metadata", node.getStringValue());
        }
        if (node.isObject() || node.isArray()) {
            for (JsonNode child : node.values()) {
                deepest = Math.max(deepest, depth(child));
                if (deepest > MAX_METADATA_DEPTH) {
                    break;
                }
            }
            return deepest + 1;
        }
        return 0;
    }

    private static String id(String field, String value) {
        if (!ID.matcher(value).matches()) {
            throw invalid(field + " must be 1 to 128 printable ASCII characters without spaces");
        }
        return value;
    }

    private static String text(String field, String value) {
        return WellFormedText.field(field, value, MAX_TEXT, EventValidator::invalid);
    }

    private static String wellFormed(String field, String value) {
        return WellFormedText.wellFormed(field, value, EventValidator::invalid);
    }

    private static String upper(String value) {
        return value.toUpperCase(Locale.ROOT);
    }

    private static InvalidEventException invalid(String message) {
        return new InvalidEventException(RejectionCode.INVALID_FIELD, message);
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        return abbreviate(first.strip());
    }
}
