package dev.tally.ingest;

import dev.tally.enrich.GeoLocation;

/**
 * What an event says of its visit before enrichment: the raw IP and user agent (never stored), the referring
 * and destination URLs, the trigger, and any attributes sent pre-resolved (empty when not sent), which win
 * over what enrichment finds. Strings are never null.
 */
public record Visit(String ip, String userAgent, String referer, String url, String trigger, GeoLocation givenGeo,
                    String givenDevice, String givenBrowser, String givenOs) {
    /** A visit with nothing pre-resolved, as the redirect sees it. */
    public static Visit of(String ip, String userAgent, String referer, String url, String trigger) {
        return new Visit(ip, userAgent, referer, url, trigger, GeoLocation.UNKNOWN, "", "", "");
    }
}
