package dev.tally.ingest;

import io.micronaut.serde.annotation.Serdeable;

/** One line of an import's error report: the 1-based line number, the rejection code and a readable message. */
@Serdeable
public record ImportError(long line, RejectionCode code, String message) {
}
