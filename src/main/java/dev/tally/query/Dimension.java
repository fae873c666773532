package dev.tally.query;

/**
 * Everything a query can filter or group by. The parameter name is the seed's; the column is the only
 * place a column name comes from (identifiers never come from a request). {@link Source#LINK} attributes
 * can change after an event, so they are read from the links table's current state, not from events.
 */
public enum Dimension {
    DOMAIN("domain", "domain", Source.EVENT, Values.FREE),
    KEY("key", "key", Source.EVENT, Values.SINGLE),
    LINK_ID("linkId", "link_id", Source.EVENT, Values.FREE),
    /** A bio page (view events); seed 000's {@code pageId}. */
    PAGE_ID("pageId", "page_id", Source.EVENT, Values.FREE),
    EXTERNAL_ID("externalId", "external_id", Source.LINK, Values.EXTERNAL_ID),
    TENANT_ID("tenantId", "tenant_id", Source.LINK, Values.FREE),
    TAG_ID("tagId", "tag_ids", Source.LINK, Values.FREE),
    FOLDER_ID("folderId", "folder_id", Source.LINK, Values.FREE),
    GROUP_ID("groupId", "group_id", Source.LINK, Values.FREE),
    PARTNER_ID("partnerId", "partner_id", Source.LINK, Values.FREE),
    CUSTOMER_ID("customerId", "customer_id", Source.EVENT, Values.SINGLE),
    COUNTRY("country", "country", Source.EVENT, Values.COUNTRY_CODE),
    CITY("city", "city", Source.EVENT, Values.FREE),
    REGION("region", "region", Source.EVENT, Values.FREE),
    CONTINENT("continent", "continent", Source.EVENT, Values.CONTINENT_CODE),
    DEVICE("device", "device", Source.EVENT, Values.FREE),
    BROWSER("browser", "browser", Source.EVENT, Values.FREE),
    OS("os", "os", Source.EVENT, Values.FREE),
    TRIGGER("trigger", "trigger", Source.EVENT, Values.TRIGGER),
    REFERER("referer", "referer", Source.EVENT, Values.FREE),
    REFERER_URL("refererUrl", "referer_url", Source.EVENT, Values.FREE),
    URL("url", "url", Source.EVENT, Values.FREE),
    UTM_SOURCE("utm_source", "utm_source", Source.EVENT, Values.FREE),
    UTM_MEDIUM("utm_medium", "utm_medium", Source.EVENT, Values.FREE),
    UTM_CAMPAIGN("utm_campaign", "utm_campaign", Source.EVENT, Values.FREE),
    UTM_TERM("utm_term", "utm_term", Source.EVENT, Values.FREE),
    UTM_CONTENT("utm_content", "utm_content", Source.EVENT, Values.FREE),
    SALE_TYPE("saleType", "sale_type", Source.EVENT, Values.SALE_TYPE);

    /** Where a dimension's current value lives. */
    public enum Source { EVENT, LINK }

    /** What values a dimension's parameter accepts. */
    public enum Values {
        /** Any string; {@code a,b} and a leading {@code -} are the advanced filter grammar. */
        FREE,
        /** One literal value, no list or exclusion grammar. */
        SINGLE,
        COUNTRY_CODE,
        CONTINENT_CODE,
        TRIGGER,
        SALE_TYPE,
        /** Passed with an {@code ext_} prefix, stored without it. */
        EXTERNAL_ID
    }

    private final String parameter;
    private final String column;
    private final Source source;
    private final Values values;

    Dimension(String parameter, String column, Source source, Values values) {
        this.parameter = parameter;
        this.column = column;
        this.source = source;
        this.values = values;
    }

    /** The query parameter naming this dimension, e.g. {@code utm_source}. */
    public String parameter() {
        return parameter;
    }

    /** The column in {@code events} (or, for link attributes, in {@code links}). */
    public String column() {
        return column;
    }

    public Source source() {
        return source;
    }

    public Values accepts() {
        return values;
    }
}
