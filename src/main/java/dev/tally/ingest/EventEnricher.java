package dev.tally.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tally.enrich.Client;
import dev.tally.enrich.GeoLocation;
import dev.tally.enrich.GeoLocator;
import dev.tally.enrich.IpHasher;
import dev.tally.enrich.Referers;
import dev.tally.enrich.UserAgentClassifier;
import dev.tally.enrich.UtmParameters;
import dev.tally.links.Link;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * A validated event → the row stored: geo from the IP, client from the user agent, referer host, UTM
 * fields from the destination URL, a salted hash for the IP. Fields the event gives pre-resolved win over
 * enrichment. A lead or sale whose click is known starts from that click's attributes and overrides only
 * what it gives itself, so every filter works on every event type.
 */
@Singleton
public final class EventEnricher {
    private final GeoLocator geo;
    private final UserAgentClassifier userAgents;
    private final IpHasher ipHasher;
    // Destination URLs repeat per link and referers per site: parse each string once, not per event.
    private final Cache<String, UtmParameters> utms = Caffeine.newBuilder().maximumSize(10_000).build();
    private final Cache<String, String> refererHosts = Caffeine.newBuilder().maximumSize(10_000).build();

    public EventEnricher(GeoLocator geo, UserAgentClassifier userAgents, IpHasher ipHasher) {
        this.geo = geo;
        this.userAgents = userAgents;
        this.ipHasher = ipHasher;
    }

    public EventRow enrich(String workspaceId, ValidatedEvent event, @Nullable EventRow click) {
        return click == null ? fresh(workspaceId, event) : followingClick(workspaceId, event, click);
    }

    private EventRow fresh(String workspaceId, ValidatedEvent event) {
        GeoLocation location = event.ip().isEmpty() ? GeoLocation.UNKNOWN : geo.locate(event.ip());
        Client client = userAgents.classify(event.userAgent());
        Link link = event.link();
        String url = !event.url().isEmpty() ? event.url() : link == null ? "" : link.url();
        UtmParameters utm = utm(url);
        String trigger = !event.trigger().isEmpty() ? event.trigger() : event.type() == EventType.VIEW ? "pageview" : "link";
        return new EventRow(workspaceId, event.eventId(), event.type().publicName(), event.timestamp(),
                link == null ? "" : link.id(), event.pageId(), link == null ? "" : link.domain(), link == null ? "" : link.key(),
                url, event.clickId(), trigger,
                given(event.country(), location.country()), given(event.region(), location.region()),
                given(event.city(), location.city()), given(event.continent(), location.continent()),
                given(event.device(), client.device()), given(event.browser(), client.browser()),
                given(event.os(), client.os()), client.bot(),
                refererHost(event.referer()), event.referer(),
                utm.source(), utm.medium(), utm.campaign(), utm.term(), utm.content(),
                ipHasher.hash(event.ip()), event.customerId(), event.eventName(), event.amount(), event.currency(),
                event.saleType(), event.invoiceId(), event.paymentProcessor(), event.metadata());
    }

    private EventRow followingClick(String workspaceId, ValidatedEvent event, EventRow click) {
        boolean hasIp = !event.ip().isEmpty();
        boolean hasUserAgent = !event.userAgent().isEmpty();
        GeoLocation location = hasIp ? geo.locate(event.ip())
                : new GeoLocation(click.country(), click.region(), click.city(), click.continent());
        Client client = hasUserAgent ? userAgents.classify(event.userAgent())
                : new Client(click.device(), click.browser(), click.os(), click.bot());
        Link link = event.link();
        String url = !event.url().isEmpty() ? event.url() : click.url();
        UtmParameters utm = !event.url().isEmpty() ? utm(url)
                : new UtmParameters(click.utmSource(), click.utmMedium(), click.utmCampaign(), click.utmTerm(), click.utmContent());
        boolean hasReferer = !event.referer().isEmpty();
        return new EventRow(workspaceId, event.eventId(), event.type().publicName(), event.timestamp(),
                link == null ? click.linkId() : link.id(), event.pageId(), link == null ? click.domain() : link.domain(),
                link == null ? click.key() : link.key(), url, event.clickId(),
                given(event.trigger(), click.trigger()),
                given(event.country(), location.country()), given(event.region(), location.region()),
                given(event.city(), location.city()), given(event.continent(), location.continent()),
                given(event.device(), client.device()), given(event.browser(), client.browser()),
                given(event.os(), client.os()), client.bot(),
                hasReferer ? refererHost(event.referer()) : click.referer(), hasReferer ? event.referer() : click.refererUrl(),
                utm.source(), utm.medium(), utm.campaign(), utm.term(), utm.content(),
                hasIp ? ipHasher.hash(event.ip()) : click.ipHash(), event.customerId(), event.eventName(), event.amount(),
                event.currency(), event.saleType(), event.invoiceId(), event.paymentProcessor(), event.metadata());
    }

    private UtmParameters utm(String url) {
        return url.isEmpty() ? UtmParameters.NONE : utms.get(url, UtmParameters::of);
    }

    private String refererHost(String referer) {
        return referer.isEmpty() ? Referers.DIRECT : refererHosts.get(referer, Referers::host);
    }

    private static String given(String given, String enriched) {
        return given.isEmpty() ? enriched : given;
    }
}
