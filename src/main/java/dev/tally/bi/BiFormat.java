package dev.tally.bi;

import java.util.Optional;

/**
 * The output formats the BI endpoint writes, and how each is streamed. Tricky: the embedded engine's
 * streaming API encodes every chunk as a complete output of its own, so a format with a header is written
 * as its header (from a {@code LIMIT 0} run) followed by the rows in its header-less sibling; formats with
 * a header and a footer (JSON) are produced whole, bounded by {@code max_result_bytes}.
 */
public enum BiFormat {
    ROW_BINARY_WITH_NAMES_AND_TYPES("RowBinaryWithNamesAndTypes", "RowBinary", Mode.HEADER_THEN_ROWS, Media.BINARY),
    ROW_BINARY_WITH_NAMES("RowBinaryWithNames", "RowBinary", Mode.HEADER_THEN_ROWS, Media.BINARY),
    ROW_BINARY("RowBinary", "RowBinary", Mode.ROWS, Media.BINARY),
    NATIVE("Native", "Native", Mode.ROWS, Media.BINARY),
    TAB_SEPARATED("TabSeparated", "TabSeparated", Mode.ROWS, Media.TEXT),
    TSV("TSV", "TabSeparated", Mode.ROWS, Media.TEXT),
    TAB_SEPARATED_RAW("TabSeparatedRaw", "TabSeparatedRaw", Mode.ROWS, Media.TEXT),
    TAB_SEPARATED_WITH_NAMES("TabSeparatedWithNames", "TabSeparated", Mode.HEADER_THEN_ROWS, Media.TEXT),
    TSV_WITH_NAMES("TSVWithNames", "TabSeparated", Mode.HEADER_THEN_ROWS, Media.TEXT),
    TAB_SEPARATED_WITH_NAMES_AND_TYPES("TabSeparatedWithNamesAndTypes", "TabSeparated", Mode.HEADER_THEN_ROWS, Media.TEXT),
    TSV_WITH_NAMES_AND_TYPES("TSVWithNamesAndTypes", "TabSeparated", Mode.HEADER_THEN_ROWS, Media.TEXT),
    CSV("CSV", "CSV", Mode.ROWS, Media.CSV),
    CSV_WITH_NAMES("CSVWithNames", "CSV", Mode.HEADER_THEN_ROWS, Media.CSV),
    CSV_WITH_NAMES_AND_TYPES("CSVWithNamesAndTypes", "CSV", Mode.HEADER_THEN_ROWS, Media.CSV),
    JSON_EACH_ROW("JSONEachRow", "JSONEachRow", Mode.ROWS, Media.NDJSON),
    JSON_COMPACT_EACH_ROW("JSONCompactEachRow", "JSONCompactEachRow", Mode.ROWS, Media.NDJSON),
    JSON_COMPACT_EACH_ROW_WITH_NAMES("JSONCompactEachRowWithNames", "JSONCompactEachRow", Mode.HEADER_THEN_ROWS, Media.NDJSON),
    JSON_COMPACT_EACH_ROW_WITH_NAMES_AND_TYPES("JSONCompactEachRowWithNamesAndTypes", "JSONCompactEachRow", Mode.HEADER_THEN_ROWS, Media.NDJSON),
    JSON("JSON", "JSON", Mode.WHOLE, Media.JSON),
    JSON_COMPACT("JSONCompact", "JSONCompact", Mode.WHOLE, Media.JSON),
    JSON_STRINGS("JSONStrings", "JSONStrings", Mode.WHOLE, Media.JSON),
    JSON_COMPACT_STRINGS("JSONCompactStrings", "JSONCompactStrings", Mode.WHOLE, Media.JSON);

    /** How a format's output is produced. */
    public enum Mode {
        /** Chunks concatenate into one valid output. */
        ROWS,
        /** The header once, then the rows in {@link #rowsFormat()}. */
        HEADER_THEN_ROWS,
        /** Produced in one piece. */
        WHOLE
    }

    private static final class Media {
        static final String BINARY = "application/octet-stream";
        static final String TEXT = "text/tab-separated-values; charset=UTF-8";
        static final String CSV = "text/csv; charset=UTF-8; header=absent";
        static final String NDJSON = "application/x-ndjson; charset=UTF-8";
        static final String JSON = "application/json; charset=UTF-8";
    }

    private final String clickHouseName;
    private final String rowsFormat;
    private final Mode mode;
    private final String contentType;

    BiFormat(String clickHouseName, String rowsFormat, Mode mode, String contentType) {
        this.clickHouseName = clickHouseName;
        this.rowsFormat = rowsFormat;
        this.mode = mode;
        this.contentType = contentType;
    }

    public static Optional<BiFormat> named(String name) {
        for (BiFormat format : values()) {
            if (format.clickHouseName.equals(name)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    public String clickHouseName() {
        return clickHouseName;
    }

    public String rowsFormat() {
        return rowsFormat;
    }

    public Mode mode() {
        return mode;
    }

    public String contentType() {
        return contentType;
    }
}
