package dev.tally.ingest;

import io.micronaut.serde.annotation.Serdeable;

/** A batch line that was not stored: its 1-based line number, a code and a readable reason. */
@Serdeable
public record RejectedLine(long line, RejectionCode code, String reason) {
}
