package dev.tally.ingest;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What processing one chunk of a request's lines produced: its encoded rows, the lines it rejected, the
 * (workspace, UTC day) pairs its rows write, the ids found already stored, the ids another request is writing ({@code pending}, by line), the ledger
 * claim to commit or release, and the event ids in line order.
 */
record ChunkResult(byte[] rows, long rowCount, java.util.Set<TouchedDay> touched, List<RejectedLine> rejected, long duplicates,
                   Map<Long, CompletableFuture<Boolean>> pending, @Nullable EventIdLedger.Claim claim,
                   List<String> eventIds) {
}
