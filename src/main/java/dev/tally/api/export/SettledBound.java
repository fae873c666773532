package dev.tally.api.export;

import dev.tally.ingest.InFlightInserts;
import dev.tally.sql.ExportSql;
import dev.tally.store.ClickHouse;
import jakarta.inject.Singleton;

import java.time.Instant;

/**
 * The upper bound of an incremental pull, fixed when the pull starts: no insert still in flight can stamp a
 * row at or before it.
 *
 * <p>Embedded, one process owns the data directory (it is locked), so this instance's in-flight inserts are
 * every in-flight insert and the bound is exact. With a ClickHouse server other Tally instances insert too;
 * their inserts are stamped by the server's clock, so the bound also stays {@code serverSyncLag} behind
 * that clock, which must be longer than any insert takes (documented in README "Exports").
 */
@Singleton
final class SettledBound {
    private final ClickHouse clickHouse;
    private final InFlightInserts inFlight;
    private final ExportConfiguration configuration;

    SettledBound(ClickHouse clickHouse, InFlightInserts inFlight, ExportConfiguration configuration) {
        this.clickHouse = clickHouse;
        this.inFlight = inFlight;
        this.configuration = configuration;
    }

    Instant now() {
        Instant local = inFlight.settled();
        if (clickHouse.engine().equals("embedded")) {
            return local;
        }
        Instant serverNow = clickHouse.query(ExportSql.engineNow()).single().instant("now");
        Instant lagged = serverNow.minus(configuration.serverSyncLag());
        return lagged.isBefore(local) ? lagged : local;
    }
}
