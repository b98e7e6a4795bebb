package zpm.repl.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition with a generous deadline, checking often; never a fixed sleep to hope. */
public final class Await {

    public static final Duration DEFAULT = Duration.ofSeconds(30);

    private Await() {
    }

    /** The first non-null, non-false value of {@code probe}; fails after the deadline, showing {@code last}. */
    public static <T> T until(String what, Duration deadline, Supplier<T> probe, Supplier<String> last) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + deadline.toSeconds() + " s waiting for: " + what
                        + (last == null ? "" : "\nlast seen:\n" + last.get()));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }

    public static <T> T until(String what, Supplier<T> probe) {
        return until(what, DEFAULT, probe, null);
    }
}
