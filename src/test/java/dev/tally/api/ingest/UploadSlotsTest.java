package dev.tally.api.ingest;

import dev.tally.support.Poll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The per-key upload slots with their bounded line (ADR 0155): an upload that finds its key's slots taken
 * waits for one, first come first served, for at most max-wait, and only max-waiting-per-key wait at once.
 */
class UploadSlotsTest {
    // Threads of their own: the common pool has one worker on two cores, and these tasks block.
    private static final java.util.concurrent.ExecutorService THREADS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    private static UploadSlots slots(int perKey, Duration maxWait, int maxWaiting) {
        return new UploadSlots(new UploadConfiguration(perKey, 4096, 10, maxWait, maxWaiting));
    }

    @Test
    void aWaitingUploadGetsTheSlotThatFrees() throws Exception {
        UploadSlots slots = slots(2, Duration.ofSeconds(30), 4);
        assertThat(slots.acquire("k")).isTrue();
        assertThat(slots.acquire("k")).isTrue();
        CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> slots.acquire("k"), THREADS);
        Poll.until(Duration.ofSeconds(20), () -> slots.waiting("k"), count -> count == 1);
        assertThat(third).as("waits while both slots are taken").isNotDone();
        slots.release("k");
        assertThat(third.get(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aWaitIsBoundedThenRefusedAndOtherKeysAreNotAffected() {
        UploadSlots slots = slots(1, Duration.ofMillis(300), 4);
        assertThat(slots.acquire("k")).isTrue();
        long started = System.nanoTime();
        assertThat(slots.acquire("k")).as("no slot freed within max-wait").isFalse();
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        assertThat(slots.acquire("other")).isTrue();
        slots.release("k");
        assertThat(slots.acquire("k")).as("the refused wait took nothing").isTrue();
    }

    @Test
    void uploadsBeyondTheLineAreRefusedAtOnce() throws Exception {
        UploadSlots slots = slots(1, Duration.ofMinutes(5), 2);
        assertThat(slots.acquire("k")).isTrue();
        CompletableFuture<?>[] line = new CompletableFuture<?>[2];
        for (int i = 0; i < line.length; i++) {
            line[i] = CompletableFuture.supplyAsync(() -> slots.acquire("k"), THREADS);
        }
        Poll.until(Duration.ofSeconds(20), () -> slots.waiting("k"), count -> count == 2); // both are in the line now
        // A third waiter would wait five minutes: refused at once, long before that.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThat(slots.acquire("k")).isFalse());
        slots.release("k");
        slots.release("k"); // whichever waiter got the first slot hands it on to the other
        CompletableFuture.allOf(line).get(20, TimeUnit.SECONDS);
        assertThat(line).allMatch(future -> Boolean.TRUE.equals(future.join()));
    }

    @Test
    void withoutAWaitAFullKeyIsRefusedAtOnceAsBefore() {
        UploadSlots slots = slots(1, Duration.ZERO, 4);
        assertThat(slots.acquire("k")).isTrue();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThat(slots.acquire("k")).isFalse());
        UploadRefusedException refusal = slots.refusal("batch uploads");
        assertThat(refusal.status().getCode()).isEqualTo(429);
        assertThat(refusal.retryAfterSeconds()).isEqualTo(UploadSlots.RETRY_AFTER_SECONDS);
    }
}
