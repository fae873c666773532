package dev.tally.ingest;

import java.util.Locale;
import java.util.Optional;

/** The file formats a bulk import reads: NDJSON (one event object a line) or CSV with a header of field names. */
public enum ImportFormat {
    NDJSON, CSV;

    public String publicName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ImportFormat> fromPublicName(String name) {
        for (ImportFormat format : values()) {
            if (format.publicName().equals(name)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
