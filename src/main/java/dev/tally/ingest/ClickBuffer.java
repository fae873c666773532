package dev.tally.ingest;

import dev.tally.links.LinkConfiguration;
import dev.tally.query.EventType;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Redirect clicks, recorded without making the redirect wait on ClickHouse: the redirect only queues the
 * click in memory; a background thread enriches and writes what has queued every
 * {@code tally.links.click-flush-millis} (one insert through {@link InsertBatcher}).
 *
 * Tricky: this is the one place where Tally acknowledges (with a 302) before the row is durable. Clicks
 * still queued when the process dies without a shutdown (SIGKILL, OOM, power loss) are lost: at most
 * the last flush interval's worth (200 ms by default). A graceful shutdown writes them. When the queue
 * is full (ClickHouse down or far behind) new clicks are dropped and counted, and the redirect still works.
 * Kept so deliberately (a 302 is not an acknowledgement); CrashChaosTest bounds the loss (docs/adr/0130).
 */
@Singleton
public final class ClickBuffer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClickBuffer.class);

    private final ArrayBlockingQueue<RedirectClick> queue;
    private final EventEnricher enricher;
    private final InsertBatcher batcher;
    private final long flushMillis;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread flusher;
    private volatile boolean closed;

    ClickBuffer(LinkConfiguration configuration, EventEnricher enricher, InsertBatcher batcher, IngestShutdown shutdown) {
        this.queue = new ArrayBlockingQueue<>(configuration.clickBufferSize());
        this.enricher = enricher;
        this.batcher = batcher;
        this.flushMillis = configuration.clickFlushMillis();
        this.flusher = Thread.ofPlatform().daemon().name("tally-click-flush").start(this::flushLoop);
        shutdown.register(this);
    }

    /** Queues a click; never blocks. */
    public void record(RedirectClick click) {
        if (closed || !queue.offer(click)) {
            dropped.incrementAndGet();
        }
    }

    /** Clicks dropped because the buffer was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Clicks queued now, not yet written. */
    public int depth() {
        return queue.size();
    }

    /** Clicks written so far. */
    public long written() {
        return written.get();
    }

    private void flushLoop() {
        while (!closed) {
            try {
                RedirectClick first = queue.poll(flushMillis, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                // Let the interval fill up so a burst becomes one insert.
                Thread.sleep(flushMillis);
                List<RedirectClick> clicks = new ArrayList<>();
                clicks.add(first);
                queue.drainTo(clicks);
                write(clicks);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("writing redirect clicks failed: {}", e.getMessage());
            }
        }
    }

    private void write(List<RedirectClick> clicks) {
        ByteArrayOutputStream rows = new ByteArrayOutputStream(clicks.size() * 256);
        Set<TouchedDay> touched = new HashSet<>();
        for (RedirectClick click : clicks) {
            EventRow row = enricher.enrich(click.link().workspaceId(), toEvent(click), null);
            RowBinaryEncoder.write(row, rows);
            touched.add(TouchedDay.of(row));
        }
        try {
            batcher.await(batcher.submit(List.of(rows.toByteArray()), clicks.size(), touched));
            written.addAndGet(clicks.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            dropped.addAndGet(clicks.size());
            LOG.warn("{} redirect clicks could not be written: {}", clicks.size(), e.getCause().getMessage());
        }
    }

    private static ValidatedEvent toEvent(RedirectClick click) {
        return new ValidatedEvent(EventType.CLICK, EventIds.random(), false, click.at(), click.link(), "", "",
                Visit.of(click.ip(), click.userAgent(), click.referer(), click.destination(), click.trigger()), Conversion.NONE);
    }

    @Override
    public void close() {
        closed = true;
        try {
            flusher.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<RedirectClick> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            write(rest);
        }
    }
}
