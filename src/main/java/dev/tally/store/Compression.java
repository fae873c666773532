package dev.tally.store;

/** Whole-file compression of a text export, done by ClickHouse while it writes. */
public enum Compression {
    NONE("none", ""),
    GZIP("gzip", "gz"),
    ZSTD("zstd", "zst");

    private final String clickHouseName;
    private final String extension;

    Compression(String clickHouseName, String extension) {
        this.clickHouseName = clickHouseName;
        this.extension = extension;
    }

    public String clickHouseName() {
        return clickHouseName;
    }

    /** The file name extension, without the dot; empty for none. */
    public String extension() {
        return extension;
    }

    /**
     * The level written with. Tricky: level 1 for both: zstd 1 adds about a fifth to CSV's encoding cost,
     * gzip's default level (6) is several times slower than the encoding itself (notes/exports.md).
     */
    int level() {
        return 1;
    }
}
