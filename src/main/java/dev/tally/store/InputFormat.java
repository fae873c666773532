package dev.tally.store;

/** ClickHouse input formats the store accepts for inserts. */
public enum InputFormat {
    JSON_EACH_ROW("JSONEachRow"),
    CSV_WITH_NAMES("CSVWithNames"),
    ROW_BINARY("RowBinary");

    private final String clickHouseName;

    InputFormat(String clickHouseName) {
        this.clickHouseName = clickHouseName;
    }

    public String clickHouseName() {
        return clickHouseName;
    }
}
