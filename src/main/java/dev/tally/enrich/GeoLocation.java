package dev.tally.enrich;

/**
 * Where an IP is, as analytics stores it; empty strings when unknown.
 *
 * @param country   ISO 3166-1 alpha-2, e.g. {@code US}
 * @param region    ISO 3166-2, e.g. {@code US-CA}
 * @param city      English name
 * @param continent two-letter code, e.g. {@code NA}
 */
public record GeoLocation(String country, String region, String city, String continent) {
    public static final GeoLocation UNKNOWN = new GeoLocation("", "", "", "");
}
