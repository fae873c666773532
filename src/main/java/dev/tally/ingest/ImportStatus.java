package dev.tally.ingest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Locale;

/** Where a bulk import is: {@code running} (also while queued or waiting to resume), {@code done}, {@code failed}. */
@Serdeable
public enum ImportStatus {
    RUNNING, DONE, FAILED;

    @JsonValue
    public String publicName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ImportStatus fromPublicName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
