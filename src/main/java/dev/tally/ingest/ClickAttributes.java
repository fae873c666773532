package dev.tally.ingest;

import dev.tally.enrich.Client;
import dev.tally.enrich.GeoLocation;
import dev.tally.enrich.UtmParameters;

/**
 * What an event knows of the visit: the link, how it was triggered, where and on what the visitor was, where
 * they came from, the campaign, and the salted IP hash. Leads and sales copy these from their click
 * ({@link ClickLookup}), so every filter works on every event type.
 */
public record ClickAttributes(EventLink link, String trigger, GeoLocation geo, Client client, Referral referral, UtmParameters utm,
                              long ipHash) {
}
