package dev.tally.query;

import java.util.Optional;

/** The native API's {@code groupBy}: one total, a timeseries, or the top values of one dimension. */
public enum GroupBy {
    COUNT("count", null),
    TIMESERIES("timeseries", null),
    CONTINENTS("continents", Dimension.CONTINENT),
    REGIONS("regions", Dimension.REGION),
    COUNTRIES("countries", Dimension.COUNTRY),
    CITIES("cities", Dimension.CITY),
    DEVICES("devices", Dimension.DEVICE),
    BROWSERS("browsers", Dimension.BROWSER),
    OS("os", Dimension.OS),
    TRIGGERS("triggers", Dimension.TRIGGER),
    REFERERS("referers", Dimension.REFERER),
    REFERER_URLS("referer_urls", Dimension.REFERER_URL),
    TOP_LINKS("top_links", Dimension.LINK_ID),
    TOP_URLS("top_urls", Dimension.URL),
    /** Destination URLs without their query string and fragment: the variants of one page together. */
    TOP_BASE_URLS("top_base_urls", Dimension.URL),
    TOP_DOMAINS("top_domains", Dimension.DOMAIN),
    TOP_TAGS("top_tags", Dimension.TAG_ID),
    TOP_FOLDERS("top_folders", Dimension.FOLDER_ID),
    TOP_PARTNERS("top_partners", Dimension.PARTNER_ID),
    TOP_GROUPS("top_groups", Dimension.GROUP_ID),
    /**
     * Dub's partner tags. Tally's links carry no partner tags, so the answer is exact and always empty; it is
     * planned like the partner the tags would belong to (a link attribute, read from the raw table).
     */
    TOP_PARTNER_TAGS("top_partner_tags", Dimension.PARTNER_ID),
    UTM_SOURCES("utm_sources", Dimension.UTM_SOURCE),
    UTM_MEDIUMS("utm_mediums", Dimension.UTM_MEDIUM),
    UTM_CAMPAIGNS("utm_campaigns", Dimension.UTM_CAMPAIGN),
    UTM_TERMS("utm_terms", Dimension.UTM_TERM),
    UTM_CONTENTS("utm_contents", Dimension.UTM_CONTENT);

    private final String publicName;
    private final Dimension dimension;

    GroupBy(String publicName, Dimension dimension) {
        this.publicName = publicName;
        this.dimension = dimension;
    }

    public String publicName() {
        return publicName;
    }

    /** The dimension rows are keyed by; empty for {@code count} and {@code timeseries}. */
    public Optional<Dimension> dimension() {
        return Optional.ofNullable(dimension);
    }
}
