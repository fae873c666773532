package dev.tally.ingest;

import java.util.Locale;

/** Why an event was refused; the public code is the lower-case name. */
public enum RejectionCode {
    INVALID_JSON, UNKNOWN_EVENT_TYPE, INVALID_FIELD, BAD_TIMESTAMP, LINK_NOT_FOUND, CLICK_NOT_FOUND, LINE_TOO_LONG,
    CONCURRENT_RETRY_FAILED, INVALID_ENCODING;

    public String publicName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
