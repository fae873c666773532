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
import dev.tally.query.EventType;
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

    /** {@code click}: for a lead or sale, the attributes of the stored click it follows (else null). */
    public EventRow enrich(String workspaceId, ValidatedEvent event, @Nullable ClickAttributes click) {
        return new EventRow(workspaceId, event.eventId(), event.type(), event.timestamp(), event.pageId(), event.clickId(),
                click == null ? fresh(event) : followingClick(event, click),
                event.conversion());
    }

    private ClickAttributes fresh(ValidatedEvent event) {
        Visit visit = event.visit();
        GeoLocation located = visit.ip().isEmpty() ? GeoLocation.UNKNOWN : geo.locate(visit.ip());
        Link link = event.link();
        String url = !visit.url().isEmpty() ? visit.url() : link == null ? "" : link.url();
        String trigger = !visit.trigger().isEmpty() ? visit.trigger() : event.type() == EventType.VIEW ? "pageview" : "link";
        return new ClickAttributes(link == null ? new EventLink("", "", "", url) : new EventLink(link.id(), link.domain(), link.key(), url),
                trigger, given(visit, located), given(visit, userAgents.classify(visit.userAgent())),
                new Referral(refererHost(visit.referer()), visit.referer()), utm(url), ipHasher.hash(visit.ip()));
    }

    /** What the visit gives itself wins; the rest comes from its click. */
    private ClickAttributes followingClick(ValidatedEvent event, ClickAttributes click) {
        Visit visit = event.visit();
        Link link = event.link();
        String url = !visit.url().isEmpty() ? visit.url() : click.link().url();
        EventLink eventLink = link == null ? new EventLink(click.link().linkId(), click.link().domain(), click.link().key(), url)
                : new EventLink(link.id(), link.domain(), link.key(), url);
        GeoLocation located = visit.ip().isEmpty() ? click.geo() : geo.locate(visit.ip());
        Client client = visit.userAgent().isEmpty() ? click.client() : userAgents.classify(visit.userAgent());
        return new ClickAttributes(eventLink, given(visit.trigger(), click.trigger()), given(visit, located), given(visit, client),
                visit.referer().isEmpty() ? click.referral() : new Referral(refererHost(visit.referer()), visit.referer()),
                visit.url().isEmpty() ? click.utm() : utm(url),
                visit.ip().isEmpty() ? click.ipHash() : ipHasher.hash(visit.ip()));
    }

    /** Pre-resolved geo fields the event was sent with override what its IP resolves to. */
    private static GeoLocation given(Visit visit, GeoLocation located) {
        GeoLocation given = visit.givenGeo();
        return new GeoLocation(given(given.country(), located.country()), given(given.region(), located.region()),
                given(given.city(), located.city()), given(given.continent(), located.continent()));
    }

    /** Pre-resolved device, browser and OS override what the user agent says; the bot flag is always the classifier's. */
    private static Client given(Visit visit, Client classified) {
        return new Client(given(visit.givenDevice(), classified.device()), given(visit.givenBrowser(), classified.browser()),
                given(visit.givenOs(), classified.os()), classified.bot());
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
