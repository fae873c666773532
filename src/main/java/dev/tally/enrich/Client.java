package dev.tally.enrich;

/**
 * What a user agent says about the client.
 *
 * @param device  {@code desktop|mobile|tablet|tv|console|wearable|ereader|bot|unknown}
 * @param browser e.g. {@code Chrome}; {@code Unknown} when it can't be told
 * @param os      e.g. {@code Android}; {@code Unknown} when it can't be told
 * @param bot     crawlers, monitors, scripts and other non-human clients
 */
public record Client(String device, String browser, String os, boolean bot) {
}
