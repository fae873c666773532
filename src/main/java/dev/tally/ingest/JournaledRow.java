package dev.tally.ingest;

import io.micronaut.core.annotation.Nullable;

import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code /track} row in the journal and in memory until the engine holds it: its number in the journal's
 * sequence, its encoded RowBinary row, the segment file it was written to, and the ledger claim its id holds
 * until the insert ({@code null} for a random id nobody checks; {@code stored}: found in {@code events}
 * already at a replay, so it is not written again).
 */
record JournaledRow(long sequence, String workspaceId, String eventId, LocalDate day, byte[] row,
                    TrackJournal.Segment segment, @Nullable SharedClaim claim, boolean stored) {

    TouchedDay touched() {
        return new TouchedDay(workspaceId, day);
    }

    /** A ledger claim covering several rows (a replayed segment claims its ids at once): committed after its last row. */
    static final class SharedClaim {
        private final EventIdLedger.Claim claim;
        private final AtomicInteger rowsLeft;

        SharedClaim(EventIdLedger.Claim claim, int rows) {
            this.claim = claim;
            this.rowsLeft = new AtomicInteger(rows);
        }

        /** One of its rows is inserted; true when that was the last, and the claim is to be committed. */
        boolean rowInserted() {
            return rowsLeft.decrementAndGet() == 0;
        }

        EventIdLedger.Claim claim() {
            return claim;
        }
    }
}
