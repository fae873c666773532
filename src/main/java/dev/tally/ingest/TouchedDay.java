package dev.tally.ingest;

import java.time.LocalDate;
import java.time.ZoneOffset;

/** A workspace's UTC day an insert writes into: the unit the rollup journal records and a repair rebuilds. */
public record TouchedDay(String workspaceId, LocalDate day) {
    static TouchedDay of(EventRow row) {
        return new TouchedDay(row.workspaceId(), LocalDate.ofInstant(row.timestamp(), ZoneOffset.UTC));
    }
}
