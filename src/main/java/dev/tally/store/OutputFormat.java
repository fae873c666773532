package dev.tally.store;

/** ClickHouse output formats the store streams; ClickHouse encodes them, Java only copies bytes. */
public enum OutputFormat {
    CSV("CSVWithNames", "text/csv"),
    NDJSON("JSONEachRow", "application/x-ndjson"),
    PARQUET("Parquet", "application/vnd.apache.parquet"),
    TSV("TabSeparatedWithNames", "text/tab-separated-values");

    private final String clickHouseName;
    private final String mediaType;

    OutputFormat(String clickHouseName, String mediaType) {
        this.clickHouseName = clickHouseName;
        this.mediaType = mediaType;
    }

    public String clickHouseName() {
        return clickHouseName;
    }

    public String mediaType() {
        return mediaType;
    }
}
