package dev.tally.ingest;

/** Where a visitor came from: the referring host ({@code direct} when none) and the full referring URL. */
public record Referral(String host, String url) {
}
