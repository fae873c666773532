package dev.tally.ingest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/** Why an event was refused; the public code (in JSON too) is the lower-case name. */
@Serdeable
public enum RejectionCode {
    INVALID_JSON, UNKNOWN_EVENT_TYPE, INVALID_FIELD, BAD_TIMESTAMP, LINK_NOT_FOUND, CLICK_NOT_FOUND, LINE_TOO_LONG,
    CONCURRENT_RETRY_FAILED, INVALID_ENCODING;

    @JsonValue
    public String publicName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a stored answer back (idempotent replays). */
    @JsonCreator
    public static RejectionCode fromPublicName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
