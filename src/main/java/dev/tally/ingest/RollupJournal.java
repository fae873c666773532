package dev.tally.ingest;

import dev.tally.store.StoreConfiguration;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A file of the days each insert is about to write ({@code B <entry> <workspace> <day>} lines, written before the
 * insert starts) and of the inserts that finished ({@code E <entry>}, written after it returned). An insert
 * with a {@code B} but no {@code E} may have landed in {@code events} and in only some rollups: those days
 * are dirty until {@link RollupRepair} rebuilds them (ADR 0040).
 *
 * Tricky: no fsync. The journal must survive the process dying (kill -9, OOM, a native crash), which the
 * page cache gives; it does not try to survive power loss, which ClickHouse's own parts (written without
 * fsync by default) do not survive either.
 */
@Singleton
public final class RollupJournal implements AutoCloseable {
    static final String FILE_NAME = "tally-rollup-journal";
    private static final long COMPACT_ABOVE_BYTES = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final Map<String, Set<TouchedDay>> open = new HashMap<>();
    // Entries of earlier processes may still be in the file: this process's entries carry their own prefix.
    private final String process = Long.toHexString(new java.security.SecureRandom().nextLong());
    private long next;

    public RollupJournal(StoreConfiguration configuration) {
        this(configuration.dataDir().toAbsolutePath().normalize().resolve(FILE_NAME));
    }

    RollupJournal(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("the rollup journal " + file + " cannot be opened", e);
        }
    }

    /** Days of inserts begun and never finished, by earlier processes too, from the file. */
    public synchronized Set<TouchedDay> unfinished() {
        Map<String, Set<TouchedDay>> begun = new HashMap<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                String[] parts = line.split(" ");
                if (parts.length == 4 && parts[0].equals("B")) {
                    begun.computeIfAbsent(parts[1], key -> new HashSet<>()).add(new TouchedDay(
                            URLDecoder.decode(parts[2], StandardCharsets.UTF_8), LocalDate.parse(parts[3])));
                } else if (parts.length == 2 && parts[0].equals("E")) {
                    begun.remove(parts[1]);
                }
                // Anything else is a line cut short by a crash while it was written; its insert never started.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the rollup journal " + file + " cannot be read", e);
        }
        Set<TouchedDay> days = new HashSet<>();
        begun.values().forEach(days::addAll);
        return days;
    }

    /** Records the days an insert is about to write; returns the entry to {@link #end} when it returned. */
    public synchronized String begin(Set<TouchedDay> days) {
        String entry = process + "-" + next++;
        StringBuilder text = new StringBuilder(days.size() * 40);
        for (TouchedDay day : days) {
            text.append("B ").append(entry).append(' ').append(URLEncoder.encode(day.workspaceId(), StandardCharsets.UTF_8))
                    .append(' ').append(day.day()).append('\n');
        }
        append(text.toString());
        open.put(entry, days);
        return entry;
    }

    /** Records that an insert returned successfully: its rows are in {@code events} and in every rollup. */
    public synchronized void end(String entry) {
        open.remove(entry);
        append("E " + entry + "\n");
        compactWhenIdle();
    }

    /**
     * Forgets every unfinished entry, after a repair rebuilt their days. Only call while no insert is
     * running (the repair holds the write lock).
     */
    public synchronized void clear() {
        open.clear();
        truncate();
    }

    /** The file grows by a few lines per insert; it is emptied whenever no insert is open. */
    private void compactWhenIdle() {
        try {
            if (open.isEmpty() && channel.size() > COMPACT_ABOVE_BYTES) {
                truncate();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void truncate() {
        try {
            channel.truncate(0);
        } catch (IOException e) {
            throw new UncheckedIOException("the rollup journal " + file + " cannot be emptied", e);
        }
    }

    private void append(String text) {
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the rollup journal " + file + " cannot be written", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
