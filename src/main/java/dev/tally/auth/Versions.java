package dev.tally.auth;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Version times for ReplacingMergeTree rows. */
final class Versions {
    private Versions() {
    }

    /**
     * Now, but at least one millisecond after {@code previous}. Tricky: the tables keep the row with the
     * greatest {@code updated_at} (millisecond precision); a change written in the same millisecond as the
     * version it replaces would tie, and a tie does not reliably pick the newer row.
     */
    static Instant after(Instant previous) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant next = previous.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        return now.isAfter(next) ? now : next;
    }
}
