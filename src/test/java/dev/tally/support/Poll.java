package dev.tally.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Repeats an attempt until its result satisfies a condition, failing after a deadline: tests wait for
 * something to happen, never for a fixed time.
 */
public final class Poll {
    /** A short pause between attempts, so polling does not flood a shared 2-core machine. */
    private static final long PAUSE_NANOS = Duration.ofMillis(2).toNanos();

    private Poll() {
    }

    /** The first result of {@code attempt} that satisfies {@code done}; fails when {@code deadline} passes first. */
    public static <T> T until(Duration deadline, Supplier<T> attempt, Predicate<T> done) {
        long end = System.nanoTime() + deadline.toNanos();
        T last = attempt.get();
        while (!done.test(last)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("still not done after " + deadline + ": " + last);
            }
            LockSupport.parkNanos(PAUSE_NANOS);
            last = attempt.get();
        }
        return last;
    }
}
