package dev.tally.ingest;

import dev.tally.store.PendingWrites;
import dev.tally.store.StoreConfiguration;
import dev.tally.store.StoreStartupException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The {@code /track} write-ahead journal (ADR 0170): append-only segment files under
 * {@code <data dir>/tally-track-journal/}, one framed record per event ({@code int length, int CRC32C,
 * payload}), so a record torn by a crash is recognised and dropped — it was never acknowledged, since a
 * request is answered only after its record's {@code write} returned.
 *
 * <p>Group commit: one writer thread takes every append waiting, writes them with one {@code write} (and
 * one {@code force} when {@code fsync} is set), then numbers them, hands them to the background insert
 * ({@link TrackJournalFlusher}) and completes their futures. A segment is closed at {@code segment-bytes}
 * (or when idle with every row inserted) and deleted once every row in it is inserted.
 *
 * <p>Tricky: no fsync by default, like the rollup journal and the engine's own parts: a process crash
 * (SIGKILL, OOM) loses nothing written, a power cut can lose the last seconds.
 */
@Singleton
public final class TrackJournal implements AutoCloseable {
    static final String DIRECTORY = "tally-track-journal";
    private static final Logger LOG = LoggerFactory.getLogger(TrackJournal.class);
    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{12})\\.log");
    private static final int HEADER_BYTES = 8;
    private static final int PAYLOAD_FIXED_BYTES = 2 + 2 + 4;
    private static final int MAX_DIRECTORIES = 64;

    private final Path directory;
    private final boolean fsync;
    private final long maxBytes;
    private final long segmentBytes;
    private final PendingWrites pendingWrites;
    private final LinkedBlockingQueue<Append> appends = new LinkedBlockingQueue<>();
    /** Bytes of every segment not yet deleted plus appends queued: what {@code max-bytes} bounds. */
    private final AtomicLong reservedBytes = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition rowsWaiting = lock.newCondition();
    // Guarded by lock: rows written and not yet inserted, oldest first (sequence order).
    private final ArrayDeque<JournaledRow> unflushed = new ArrayDeque<>();
    private long sequence;
    private long nextSegment;
    private @Nullable Segment current;
    private boolean flushNow;
    private final Thread writer;
    private final FileChannel lockChannel;
    private volatile boolean closed;

    @Inject
    TrackJournal(StoreConfiguration store, TrackJournalConfiguration configuration, PendingWrites pendingWrites) {
        this(store.dataDir().toAbsolutePath().normalize().resolve(DIRECTORY), configuration, pendingWrites);
    }

    TrackJournal(Path base, TrackJournalConfiguration configuration, PendingWrites pendingWrites) {
        Locked locked = lockFirstFree(base);
        this.directory = locked.directory();
        this.lockChannel = locked.channel();
        adoptLeftovers(base, directory);
        this.fsync = configuration.fsync();
        this.maxBytes = configuration.maxBytes();
        this.segmentBytes = configuration.segmentBytes();
        this.pendingWrites = pendingWrites;
        this.writer = Thread.ofPlatform().daemon().name("tally-track-journal").start(this::writeLoop);
        pendingWrites.onReadWaiting(this::flushSoon);
    }

    /** The journal's own directory (its lock held): {@code base}, or {@code base-1}, … when another process holds it. */
    Path directory() {
        return directory;
    }

    /**
     * Tricky: one process per journal directory. In server mode nothing else locks the data directory, and a
     * second instance replaying the first one's segments would insert rows the first one inserts too. So each
     * process locks a directory ({@code journal.lock}, an OS lock): the first free of {@code base},
     * {@code base-1}, … What a process leaves in its directory is adopted by the next process to start
     * ({@link #adoptLeftovers}).
     */
    private static Locked lockFirstFree(Path base) {
        for (int i = 0; i < MAX_DIRECTORIES; i++) {
            Path directory = numbered(base, i);
            FileChannel channel = null;
            try {
                Files.createDirectories(directory);
                channel = FileChannel.open(directory.resolve("journal.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                if (channel.tryLock() != null) {
                    if (i > 0) {
                        LOG.warn("the track journal {} is in use by another process: journaling into {}", base, directory);
                    }
                    return new Locked(directory, channel);
                }
                channel.close();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                closeQuietly(channel); // another journal of this JVM holds it
            } catch (IOException e) {
                closeQuietly(channel);
                throw new UncheckedIOException("the track journal directory " + directory + " cannot be opened", e);
            }
        }
        throw new StoreStartupException("the track journal " + base + " and " + (MAX_DIRECTORIES - 1)
                + " more are in use by other Tally processes: set TALLY_DATA_DIR to another directory");
    }

    /** Journal directory {@code i}: {@code base} itself, then {@code base-1}, {@code base-2}, … */
    private static Path numbered(Path base, int i) {
        return i == 0 ? base : base.resolveSibling(base.getFileName() + "-" + i);
    }

    /**
     * Moves into {@code own} the segments of every other journal directory no process holds: what a process
     * left when it stopped for good (fewer instances after a crash) is replayed now, not when some later
     * process happens to take that directory. Each directory's lock is held while its segments move (a
     * rename, atomic on one file system), so two starting processes never adopt the same segment; a crash
     * mid-way leaves every segment in one of the two directories, both of which are replayed.
     */
    private static void adoptLeftovers(Path base, Path own) {
        long next = segments(own).stream().mapToLong(TrackJournal::segmentNumber).max().orElse(-1) + 1;
        for (int i = 0; i < MAX_DIRECTORIES; i++) {
            Path other = numbered(base, i);
            if (other.equals(own) || !Files.isDirectory(other)) {
                continue;
            }
            try (FileChannel channel = FileChannel.open(other.resolve("journal.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                if (channel.tryLock() == null) {
                    continue; // a running process's journal
                }
                List<Path> left = segments(other);
                for (Path segment : left) {
                    Files.move(segment, own.resolve(segmentName(next++)), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                if (!left.isEmpty()) {
                    LOG.info("the track journal adopted {} segment(s) that a stopped process left in {}", left.size(), other);
                }
            } catch (java.nio.channels.OverlappingFileLockException heldHere) {
                // another journal of this JVM holds it
            } catch (IOException e) {
                throw new UncheckedIOException("the track journal directory " + other + " cannot be adopted", e);
            }
        }
    }

    private static List<Path> segments(Path directory) {
        try (Stream<Path> listed = Files.list(directory)) {
            return listed.filter(file -> SEGMENT.matcher(file.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the track journal " + directory + " cannot be listed", e);
        }
    }

    private static long segmentNumber(Path segment) {
        Matcher matcher = SEGMENT.matcher(segment.getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(segment + " is not a journal segment");
        }
        return Long.parseLong(matcher.group(1));
    }

    private static String segmentName(long number) {
        return String.format(java.util.Locale.ROOT, "segment-%012d.log", number);
    }

    private static void closeQuietly(@Nullable FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing over to the next directory
            }
        }
    }

    private record Locked(Path directory, FileChannel channel) {
    }

    /** A read waits for journaled rows: {@link #next} answers at once instead of at the end of the interval. */
    void flushSoon() {
        lock.lock();
        try {
            flushNow = true;
            rowsWaiting.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends one event's encoded row; the future completes once it is written (durable), or fails (nothing
     * acknowledged). Refused at once with {@link TrackJournalFullException} when the journal is full.
     */
    CompletableFuture<Void> append(String workspaceId, String eventId, LocalDate day, byte[] row,
                                   @Nullable JournaledRow.SharedClaim claim) {
        if (closed) {
            return CompletableFuture.failedFuture(new IngestUnavailableException("ingest is shutting down", null));
        }
        byte[] record = frame(workspaceId, eventId, day, row);
        if (reservedBytes.addAndGet(record.length) > maxBytes) {
            reservedBytes.addAndGet(-record.length);
            throw new TrackJournalFullException("the track journal holds " + maxBytes
                    + " bytes of events the engine has not taken yet; retry in a few seconds");
        }
        Append append = new Append(workspaceId, eventId, day, row, claim, record, new CompletableFuture<>());
        appends.add(append);
        return append.done();
    }

    /** Rows written and not yet inserted. */
    public int waiting() {
        lock.lock();
        try {
            return unflushed.size();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes on disk (and queued) the journal holds now. */
    public long bytes() {
        return reservedBytes.get();
    }

    /**
     * Waits until {@code rows} rows wait, or the oldest waiting row has waited {@code millis}, or
     * {@code stop} — then answers the oldest rows, at most {@code rows}, still held (see {@link #inserted}).
     */
    List<JournaledRow> next(int rows, long millis, java.util.function.BooleanSupplier stop) throws InterruptedException {
        lock.lock();
        try {
            while (unflushed.isEmpty() && !stop.getAsBoolean()) {
                rowsWaiting.await(100, TimeUnit.MILLISECONDS);
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (unflushed.size() < rows && !flushNow && !stop.getAsBoolean()) {
                long left = Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100));
                if (left <= 0) {
                    break;
                }
                rowsWaiting.awaitNanos(left);
            }
            flushNow = false;
            List<JournaledRow> oldest = new ArrayList<>(Math.min(rows, unflushed.size()));
            for (JournaledRow row : unflushed) {
                if (oldest.size() == rows) {
                    break;
                }
                oldest.add(row);
            }
            return oldest;
        } finally {
            lock.unlock();
        }
    }

    /** The rows {@link #next} answered are in the engine: drop them, and delete segments left with none. */
    void inserted(List<JournaledRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Segment> finished = new ArrayList<>();
        lock.lock();
        try {
            for (JournaledRow row : rows) {
                JournaledRow head = unflushed.pollFirst();
                if (head != row) {
                    throw new IllegalStateException("journal rows inserted out of order");
                }
                row.segment().inserted++;
                if (row.segment().done() && !finished.contains(row.segment())) {
                    finished.add(row.segment());
                }
            }
        } finally {
            lock.unlock();
        }
        pendingWrites.insertedThrough(rows.getLast().sequence());
        finished.forEach(this::delete);
    }

    /**
     * Reads the segments an earlier process left (every record up to the first torn or damaged one) into the
     * rows waiting for the insert; before any append. {@code claim} claims each segment's ids by workspace and
     * answers the ids already stored.
     */
    void recover(Claimer claim) {
        List<Segment> empty = new ArrayList<>();
        for (Path file : segments(directory)) {
            nextSegment = Math.max(nextSegment, segmentNumber(file) + 1);
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("the track journal segment " + file + " cannot be read", e);
            }
            Segment segment = new Segment(file, null);
            segment.bytes = bytes.length;
            segment.closed = true;
            reservedBytes.addAndGet(bytes.length);
            List<Decoded> records = decode(file, bytes);
            java.util.Map<String, List<Decoded>> byWorkspace = new java.util.LinkedHashMap<>();
            for (Decoded record : records) {
                byWorkspace.computeIfAbsent(record.workspaceId(), id -> new ArrayList<>()).add(record);
            }
            java.util.Map<Decoded, JournaledRow.SharedClaim> claims = new java.util.IdentityHashMap<>();
            java.util.Set<Decoded> stored = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (java.util.Map.Entry<String, List<Decoded>> entry : byWorkspace.entrySet()) {
                EventIdLedger.Claim claimed = claim.claim(entry.getKey(), entry.getValue().stream().map(Decoded::eventId).toList());
                JournaledRow.SharedClaim shared = claimed.fresh().isEmpty() ? null : new JournaledRow.SharedClaim(claimed, claimed.fresh().size());
                java.util.Set<String> fresh = new java.util.HashSet<>(claimed.fresh());
                for (Decoded record : entry.getValue()) {
                    if (fresh.remove(record.eventId())) {
                        claims.put(record, shared);
                    } else {
                        stored.add(record); // already in events (inserted before the crash), or twice in the journal
                    }
                }
            }
            lock.lock();
            try {
                for (Decoded record : records) {
                    long number = ++sequence;
                    unflushed.add(new JournaledRow(number, record.workspaceId(), record.eventId(), record.day(), record.row(),
                            segment, claims.get(record), stored.contains(record)));
                    segment.appended++;
                    pendingWrites.acknowledged(record.workspaceId(), number);
                }
            } finally {
                lock.unlock();
            }
            if (records.isEmpty()) {
                empty.add(segment);
            }
        }
        empty.forEach(this::delete);
    }

    /** Claims ids of a workspace in the ledger (the ledger's {@code claim}). */
    interface Claimer {
        EventIdLedger.Claim claim(String workspaceId, List<String> eventIds);
    }

    /** Stops accepting appends and waits for the writer to write those already queued. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            if (current != null) {
                closeChannel(current);
            }
        } finally {
            lock.unlock();
        }
        try {
            lockChannel.close(); // releases the directory's lock
        } catch (IOException e) {
            LOG.warn("closing the track journal's lock: {}", e.getMessage());
        }
    }

    private void writeLoop() {
        List<Append> batch = new ArrayList<>();
        while (!closed || !appends.isEmpty()) {
            try {
                Append first = appends.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    retireIdleSegment();
                    continue;
                }
                batch.add(first);
                appends.drainTo(batch);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("the track journal writer failed: {}", e.toString());
                for (Append append : batch) {
                    append.done().completeExceptionally(e);
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Append> batch) {
        Segment segment = currentSegment();
        int total = 0;
        for (Append append : batch) {
            total += append.record().length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(total);
        for (Append append : batch) {
            buffer.put(append.record());
        }
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                segment.channel.write(buffer);
            }
            if (fsync) {
                segment.channel.force(false);
            }
        } catch (IOException e) {
            // What reached the file may end in a torn record: nothing may follow it in this segment.
            lock.lock();
            try {
                segment.bytes += total;
                closeChannel(segment);
                current = null;
            } finally {
                lock.unlock();
            }
            delete(segment);
            IngestUnavailableException failure = new IngestUnavailableException("the track journal cannot be written: " + e.getMessage(), e);
            batch.forEach(append -> append.done().completeExceptionally(failure));
            return;
        }
        lock.lock();
        try {
            segment.bytes += total;
            for (Append append : batch) {
                long number = ++sequence;
                pendingWrites.acknowledged(append.workspaceId(), number);
                unflushed.add(new JournaledRow(number, append.workspaceId(), append.eventId(), append.day(), append.row(),
                        segment, append.claim(), false));
                segment.appended++;
            }
            rowsWaiting.signalAll();
            if (segment.bytes >= segmentBytes) {
                closeChannel(segment);
                current = null;
            }
        } finally {
            lock.unlock();
        }
        for (Append append : batch) {
            append.done().complete(null);
        }
    }

    private Segment currentSegment() {
        lock.lock();
        try {
            if (current == null) {
                Path file = directory.resolve(segmentName(nextSegment++));
                try {
                    current = new Segment(file, FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
                } catch (IOException e) {
                    throw new UncheckedIOException("the track journal segment " + file + " cannot be created", e);
                }
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    /** Idle: a segment whose rows are all inserted is closed and deleted, so a quiet journal holds no file. */
    private void retireIdleSegment() {
        Segment idle;
        lock.lock();
        try {
            if (current == null || current.appended == 0 || current.inserted < current.appended) {
                return;
            }
            idle = current;
            closeChannel(idle);
            current = null;
        } finally {
            lock.unlock();
        }
        delete(idle);
    }

    private void closeChannel(Segment segment) {
        segment.closed = true;
        if (segment.channel != null) {
            try {
                segment.channel.close();
            } catch (IOException e) {
                LOG.warn("closing track journal segment {}: {}", segment.file, e.getMessage());
            }
        }
    }

    private void delete(Segment segment) {
        lock.lock();
        try {
            if (!segment.done() || segment.deleted) {
                return;
            }
            segment.deleted = true;
        } finally {
            lock.unlock();
        }
        try {
            Files.deleteIfExists(segment.file);
            reservedBytes.addAndGet(-segment.bytes);
        } catch (IOException e) {
            LOG.warn("deleting track journal segment {}: {}", segment.file, e.getMessage());
        }
    }

    static byte[] frame(String workspaceId, String eventId, LocalDate day, byte[] row) {
        byte[] workspace = workspaceId.getBytes(StandardCharsets.UTF_8);
        byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
        int payload = PAYLOAD_FIXED_BYTES + workspace.length + id.length + row.length;
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + payload);
        buffer.putInt(payload).putInt(0)
                .putShort((short) workspace.length).put(workspace)
                .putShort((short) id.length).put(id)
                .putInt((int) day.toEpochDay()).put(row);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), HEADER_BYTES, payload);
        buffer.putInt(4, (int) crc.getValue());
        return buffer.array();
    }

    /** Every whole record of a segment, in order, up to the first that is torn or fails its checksum. */
    static List<Decoded> decode(Path file, byte[] bytes) {
        List<Decoded> records = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.remaining() >= HEADER_BYTES) {
            int start = buffer.position();
            int payload = buffer.getInt();
            int expected = buffer.getInt();
            if (payload < PAYLOAD_FIXED_BYTES || payload > buffer.remaining()) {
                buffer.position(start);
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, buffer.position(), payload);
            if ((int) crc.getValue() != expected) {
                buffer.position(start);
                break;
            }
            int end = buffer.position() + payload;
            String workspaceId = string(buffer);
            String eventId = string(buffer);
            LocalDate day = LocalDate.ofEpochDay(buffer.getInt());
            byte[] row = new byte[end - buffer.position()];
            buffer.get(row);
            records.add(new Decoded(workspaceId, eventId, day, row));
        }
        if (buffer.hasRemaining()) {
            // Only the tail can be torn (one writer, appends only): those bytes were never acknowledged.
            LOG.warn("track journal segment {}: dropped {} bytes after its last whole record (a write cut by a crash)",
                    file.getFileName(), buffer.remaining());
        }
        return records;
    }

    private static String string(ByteBuffer buffer) {
        byte[] bytes = new byte[Short.toUnsignedInt(buffer.getShort())];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    record Decoded(String workspaceId, String eventId, LocalDate day, byte[] row) {
    }

    private record Append(String workspaceId, String eventId, LocalDate day, byte[] row, @Nullable JournaledRow.SharedClaim claim,
                          byte[] record, CompletableFuture<Void> done) {
    }

    /** One segment file; counters guarded by the journal's lock. */
    static final class Segment {
        private final Path file;
        private final @Nullable FileChannel channel;
        private long bytes;
        private int appended;
        private int inserted;
        private boolean closed;
        private boolean deleted;

        Segment(Path file, @Nullable FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        boolean done() {
            return closed && inserted == appended;
        }
    }
}
