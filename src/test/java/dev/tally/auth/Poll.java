package dev.tally.auth;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition holds or a deadline passes (tests never sleep a fixed time). */
final class Poll {
    private Poll() {
    }

    static <T> T until(Duration deadline, Supplier<T> attempt, Predicate<T> done) {
        long end = System.nanoTime() + deadline.toNanos();
        T last = attempt.get();
        while (!done.test(last)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("still not done after " + deadline + ": " + last);
            }
            Thread.onSpinWait();
            last = attempt.get();
        }
        return last;
    }
}
