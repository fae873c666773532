package dev.tally.ingest;

import dev.tally.store.PendingWrites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal's file format, group commit, bound and read barrier, without the engine (ADR 0170). */
class TrackJournalTest {
    private static final LocalDate DAY = LocalDate.of(2026, 4, 1);

    @TempDir
    Path directory;

    @Test
    void recordsReadBackInOrderAndATornOrDamagedTailIsDropped() throws IOException {
        byte[] first = TrackJournal.frame("ws_a", "evt_1", DAY, bytes("row one"));
        byte[] second = TrackJournal.frame("ws_b", "evt_2", DAY.plusDays(1), bytes("row two, longer"));
        byte[] third = TrackJournal.frame("ws_a", "evt_3", DAY, bytes("row three"));
        Path file = directory.resolve("segment-000000000000.log");

        Files.write(file, concat(first, second, third));
        assertThat(TrackJournal.decode(file, Files.readAllBytes(file))).extracting(TrackJournal.Decoded::eventId)
                .containsExactly("evt_1", "evt_2", "evt_3");
        TrackJournal.Decoded decoded = TrackJournal.decode(file, Files.readAllBytes(file)).get(1);
        assertThat(decoded.workspaceId()).isEqualTo("ws_b");
        assertThat(decoded.day()).isEqualTo(DAY.plusDays(1));
        assertThat(new String(decoded.row(), StandardCharsets.UTF_8)).isEqualTo("row two, longer");

        for (int cut = 1; cut < third.length; cut++) { // a write cut anywhere in the last record
            byte[] torn = concat(first, second, java.util.Arrays.copyOf(third, cut));
            assertThat(TrackJournal.decode(file, torn)).as("cut at %d", cut).extracting(TrackJournal.Decoded::eventId)
                    .containsExactly("evt_1", "evt_2");
        }
        byte[] damaged = concat(first, second, third);
        damaged[damaged.length - 2] ^= 0x20; // a changed byte fails the CRC32C
        assertThat(TrackJournal.decode(file, damaged)).extracting(TrackJournal.Decoded::eventId).containsExactly("evt_1", "evt_2");
    }

    @Test
    void concurrentAppendsAreWrittenNumberedInOrderAndTheSegmentIsDeletedOnceAllAreInserted() throws Exception {
        PendingWrites pending = new PendingWrites();
        TrackJournal journal = new TrackJournal(directory, configuration(1 << 20, 1 << 20), pending);
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> appends = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String id = "evt_" + i;
                appends.add(pool.submit(() -> journal.append(i(id) % 2 == 0 ? "ws_even" : "ws_odd", id, DAY, bytes(id), null).join()));
            }
            for (Future<?> append : appends) {
                append.get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(journal.waiting()).isEqualTo(400);
        assertThat(segments()).hasSize(1);
        // What a crash now would leave: every acknowledged record is in the file.
        Path segment = segments().getFirst();
        assertThat(TrackJournal.decode(segment, Files.readAllBytes(segment))).hasSize(400);

        CompletableFuture<Void> evenVisible = pending.visible("ws_even");
        assertThat(evenVisible).isNotDone();
        assertThat(pending.visible("ws_none")).isDone();
        List<JournaledRow> rows = journal.next(1_000, 0, () -> true);
        assertThat(rows).extracting(JournaledRow::sequence).isSorted().hasSize(400);
        journal.inserted(rows.subList(0, 100));
        assertThat(evenVisible).isNotDone(); // only a prefix is in
        journal.inserted(rows.subList(100, 400));
        assertThat(evenVisible).isDone();
        assertThat(pending.pending("ws_odd")).isFalse();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!segments().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20); // the idle writer retires the segment whose rows are all in
        }
        assertThat(segments()).isEmpty();
        assertThat(journal.bytes()).isZero();
        journal.close();
    }

    @Test
    void aSecondJournalTakesADirectoryOfItsOwnAndWhatAStoppedOneLeftIsAdopted() throws Exception {
        Path base = directory.resolve("tally-track-journal");
        TrackJournal first = new TrackJournal(base, configuration(1 << 20, 1 << 20), new PendingWrites());
        TrackJournal second = new TrackJournal(base, configuration(1 << 20, 1 << 20), new PendingWrites());
        assertThat(first.directory()).isEqualTo(base);
        assertThat(second.directory()).isEqualTo(directory.resolve("tally-track-journal-1"));
        first.append("ws_a", "evt_first", DAY, bytes("row"), null).join();
        second.append("ws_a", "evt_second", DAY, bytes("row"), null).join();
        second.close();
        // While the first runs, a new process takes the second's directory and adopts nothing of the first's.
        TrackJournal third = new TrackJournal(base, configuration(1 << 20, 1 << 20), new PendingWrites());
        assertThat(third.directory()).isEqualTo(directory.resolve("tally-track-journal-1"));
        third.recover(TrackJournalTest::allFresh);
        assertThat(third.next(100, 0, () -> true)).extracting(JournaledRow::eventId).containsExactly("evt_second");
        third.close();
        first.close();
        // Both stopped for good: one process takes the base directory and replays what either left, the
        // other directory's segments moved into its own.
        TrackJournal next = new TrackJournal(base, configuration(1 << 20, 1 << 20), new PendingWrites());
        assertThat(next.directory()).isEqualTo(base);
        next.recover(TrackJournalTest::allFresh);
        assertThat(next.next(100, 0, () -> true)).extracting(JournaledRow::eventId).containsExactlyInAnyOrder("evt_first", "evt_second");
        try (Stream<Path> left = Files.list(directory.resolve("tally-track-journal-1"))) {
            assertThat(left.map(file -> file.getFileName().toString())).noneMatch(name -> name.startsWith("segment-"));
        }
        next.close();
    }

    private static EventIdLedger.Claim allFresh(String workspaceId, List<String> ids) {
        return new EventIdLedger.Claim(workspaceId, ids, java.util.Set.of(), java.util.Map.of(), new CompletableFuture<>());
    }

    @Test
    void aFullJournalRefusesAndRecoveryReadsWhatAnEarlierProcessLeft() throws Exception {
        TrackJournal journal = new TrackJournal(directory, configuration(2_000, 300), new PendingWrites());
        List<String> acknowledged = new ArrayList<>();
        assertThatThrownBy(() -> {
            for (int i = 0; ; i++) {
                journal.append("ws_a", "evt_" + i, DAY, new byte[40], null).join();
                acknowledged.add("evt_" + i);
            }
        }).isInstanceOf(TrackJournalFullException.class);
        assertThat(acknowledged).hasSizeBetween(20, 40);
        assertThat(segments()).hasSizeGreaterThan(1); // rotated at 300 bytes
        journal.close();

        PendingWrites pending = new PendingWrites();
        TrackJournal restarted = new TrackJournal(directory, configuration(2_000, 300), pending);
        restarted.recover((workspaceId, ids) -> new EventIdLedger.Claim(workspaceId,
                ids.stream().filter(id -> !id.equals("evt_0")).toList(), java.util.Set.of("evt_0"), java.util.Map.of(),
                new CompletableFuture<>()));
        List<JournaledRow> rows = restarted.next(1_000, 0, () -> true);
        assertThat(rows).extracting(JournaledRow::eventId).containsExactlyElementsOf(acknowledged);
        assertThat(rows).filteredOn(JournaledRow::stored).extracting(JournaledRow::eventId).containsExactly("evt_0");
        assertThat(pending.pending("ws_a")).isTrue();
        restarted.inserted(rows);
        assertThat(segments()).isEmpty(); // replayed segments are closed: deleted once their rows are in
        restarted.close();
    }

    private static TrackJournalConfiguration configuration(long maxBytes, long segmentBytes) {
        return new TrackJournalConfiguration(true, false, 100, 20_000, maxBytes, segmentBytes);
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }

    private static int i(String id) {
        return Integer.parseInt(id.substring(4));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
