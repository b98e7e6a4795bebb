package zpm.agent.os;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline: tests never sleep and hope. */
final class Await {

    /** Generous: these tests must pass on a loaded 2-core machine. */
    static final Duration LONG = Duration.ofSeconds(15);

    private Await() {
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, LONG, condition);
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(10); // re-check period, not a guess at how long something takes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
