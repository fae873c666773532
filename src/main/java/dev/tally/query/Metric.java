package dev.tally.query;

/** What a query measures; each becomes one column of the answer. */
public enum Metric {
    CLICKS("clicks"),
    LEADS("leads"),
    SALES("sales"),
    SALE_AMOUNT("saleAmount"),
    VIEWS("views"),
    UNIQUE_VISITORS("uniqueVisitors");

    private final String publicName;

    Metric(String publicName) {
        this.publicName = publicName;
    }

    /** The JSON field name, e.g. {@code saleAmount}. */
    public String publicName() {
        return publicName;
    }
}
