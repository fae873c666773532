package dev.tally.store;

/**
 * The file formats an export is encoded in, each written whole by ClickHouse (one CSV header, one Parquet
 * file, one Arrow IPC stream). Java never re-encodes.
 */
public enum ExportFormat {
    CSV("CSVWithNames", "text/csv", "csv", true),
    TSV("TabSeparatedWithNames", "text/tab-separated-values", "tsv", true),
    NDJSON("JSONEachRow", "application/x-ndjson", "ndjson", true),
    // Tricky: bloom filters cost a third of Parquet's encoding time (notes/exports.md) and warehouses loading
    // the file never read them; zstd inside the file is the format's own compression.
    PARQUET("Parquet", "application/vnd.apache.parquet", "parquet", false),
    ARROW("ArrowStream", "application/vnd.apache.arrow.stream", "arrow", false);

    private final String clickHouseName;
    private final String mediaType;
    private final String extension;
    private final boolean text;

    ExportFormat(String clickHouseName, String mediaType, String extension, boolean text) {
        this.clickHouseName = clickHouseName;
        this.mediaType = mediaType;
        this.extension = extension;
        this.text = text;
    }

    public String clickHouseName() {
        return clickHouseName;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** Text formats may be compressed as a whole; binary ones compress inside. */
    public boolean text() {
        return text;
    }

    /** The engine settings this format is written with (constants from code, never from a request). */
    String settings() {
        return switch (this) {
            case CSV, TSV, NDJSON -> "";
            case PARQUET -> "output_format_parquet_compression_method = 'zstd', output_format_parquet_write_bloom_filter = 0";
            case ARROW -> "output_format_arrow_compression_method = 'lz4_frame'";
        };
    }
}
