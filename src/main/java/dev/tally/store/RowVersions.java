package dev.tally.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Version times ({@code updated_at}) for the rows of ReplacingMergeTree tables (workspaces, keys, links). */
public final class RowVersions {
    private RowVersions() {
    }

    /**
     * {@code now}, but at least one millisecond after {@code previous}. Tricky: the tables keep the row with the
     * greatest {@code updated_at} (millisecond precision); a change written in the same millisecond as the
     * version it replaces would tie, and a tie does not reliably pick the newer row.
     */
    public static Instant after(Instant now, Instant previous) {
        Instant current = now.truncatedTo(ChronoUnit.MILLIS);
        Instant next = previous.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        return current.isAfter(next) ? current : next;
    }
}
