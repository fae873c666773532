package dev.tally.ingest;

import dev.tally.links.Link;

import java.time.Instant;

/** A click seen by the redirect, waiting in memory to be enriched and written. */
public record RedirectClick(Link link, Instant at, String destination, String ip, String userAgent, String referer,
                            String trigger) {
}
