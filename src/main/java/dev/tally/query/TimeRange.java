package dev.tally.query;

import java.time.Instant;
import java.util.Objects;

/** The half-open interval {@code [start, end)} of event timestamps a query reads. */
public record TimeRange(Instant start, Instant end) {
    public TimeRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end " + end + " must be after start " + start);
        }
    }
}
