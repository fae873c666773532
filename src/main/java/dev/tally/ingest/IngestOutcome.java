package dev.tally.ingest;

/** An ingest answer, and whether it is the stored answer of an earlier request with the same Idempotency-Key. */
public record IngestOutcome(IngestResult result, boolean replayed) {
}
